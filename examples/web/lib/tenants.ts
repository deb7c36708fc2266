import { PrismaClient } from "@prisma/client";
import { prisma } from "./prisma";

// Enterprise tenants have a database of their own; the admin dashboard shows their active users.
export async function activeUsersPerTenant(): Promise<Record<string, number>> {
  const tenants = await prisma.tenant.findMany({
    where: { databaseUrl: { not: null } },
    select: { slug: true, databaseUrl: true },
  });
  const counts: Record<string, number> = {};
  for (const tenant of tenants) {
    const db = new PrismaClient({ datasourceUrl: tenant.databaseUrl! }); // PC106: a new pool per tenant on every call
    counts[tenant.slug] = await db.user.count({ where: { active: true } });
  }
  return counts;
}
