import { PrismaClient } from "@prisma/client";

// a new client on every call, reached per request from the handlers
export function getDb(): PrismaClient {
  return new PrismaClient(); // PC101
}

export async function withDb<T>(fn: (db: PrismaClient) => Promise<T>): Promise<T> {
  const db = new PrismaClient(); // PC101
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

// memoised: process scope whoever calls it
let cached: PrismaClient | undefined;
export function getPrisma(): PrismaClient {
  cached ??= new PrismaClient();
  return cached;
}

// a factory called only at start-up
export function createReportingClient(): PrismaClient {
  return new PrismaClient({ datasourceUrl: process.env.REPORTING_URL });
}
export const reporting = createReportingClient();
