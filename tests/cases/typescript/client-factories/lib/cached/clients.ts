import { PrismaClient } from "@prisma/client";

declare global {
  var __reportsDb: PrismaClient | undefined;
  var __auditDb: PrismaClient | undefined;
}

// The Next.js singleton written inside a function: the cache is filled only outside
// production, so in production every call builds a new client
export function getReportsDb(): PrismaClient {
  if (globalThis.__reportsDb) return globalThis.__reportsDb;
  const client = new PrismaClient(); // PC101
  if (process.env.NODE_ENV !== "production") globalThis.__reportsDb = client;
  return client;
}

// cached in every environment: built once per process
export function getAuditDb(): PrismaClient {
  if (globalThis.__auditDb) return globalThis.__auditDb;
  const client = new PrismaClient();
  globalThis.__auditDb = client;
  return client;
}
