import { PrismaClient } from "@prisma/client";
import { prisma } from "./prisma";

export async function activeUsersPerTenant(): Promise<Record<string, number>> {
  const tenants = await prisma.tenant.findMany({ select: { slug: true, databaseUrl: true } });
  const counts: Record<string, number> = {};
  for (const tenant of tenants) {
    const db = new PrismaClient({ datasourceUrl: tenant.databaseUrl! }); // PC106
    counts[tenant.slug] = await db.user.count();
  }
  // a loop over queries on the shared client: silent
  for (const tenant of tenants) {
    counts[tenant.slug] += await prisma.user.count({ where: { tenant: tenant.slug } });
  }
  return counts;
}

// a same-file helper a loop calls: the construction is the finding
function tenantClient(databaseUrl: string) {
  return new PrismaClient({ datasourceUrl: databaseUrl }); // PC106
}

export async function invoicesPerTenant(urls: string[]): Promise<number[]> {
  return Promise.all(urls.map((url) => tenantClient(url).invoice.count()));
}

// a bounded cache keyed by tenant, filled in the loop (the fix): silent
const clients = new Map<string, PrismaClient>();
export async function ordersPerTenant(urls: string[]): Promise<number> {
  let total = 0;
  for (const url of urls) {
    let client = clients.get(url);
    if (!client) {
      client = new PrismaClient({ datasourceUrl: url });
      clients.set(url, client);
    }
    total += await client.order.count();
  }
  return total;
}
