import { PrismaClient } from "@prisma/client";
import { prisma } from "./prisma";

// one client per call: a loop calling this opens a pool per iteration
export function clientFor(databaseUrl: string): PrismaClient {
  return new PrismaClient({ datasourceUrl: databaseUrl }); // PC106
}

// the same, one level further down
export async function countUsers(databaseUrl: string): Promise<number> {
  const db = openTenant(databaseUrl);
  try {
    return await db.user.count();
  } finally {
    await db.$disconnect();
  }
}

function openTenant(databaseUrl: string) {
  return new PrismaClient({ datasourceUrl: databaseUrl }); // PC106
}

// a bounded cache keyed by tenant (the fix): silent
const clients = new Map<string, PrismaClient>();
export function cachedClientFor(tenantId: string, databaseUrl: string): PrismaClient {
  let client = clients.get(tenantId);
  if (!client) {
    client = new PrismaClient({ datasourceUrl: databaseUrl });
    clients.set(tenantId, client);
  }
  return client;
}

// a factory called once, outside any loop: silent
export function reportingClient(): PrismaClient {
  return new PrismaClient({ datasourceUrl: process.env.REPORTING_URL });
}

// a helper a loop calls that only queries the shared client: silent
export async function tenantCount(slug: string): Promise<number> {
  return prisma.user.count({ where: { tenant: slug } });
}

// builds a client, but the loop only iterates over its result (evaluated once): silent
export async function tenantUrls(): Promise<string[]> {
  const admin = new PrismaClient();
  const rows = await admin.tenant.findMany();
  await admin.$disconnect();
  return rows.map((r) => r.databaseUrl);
}
