import type { Prisma, PrismaClient } from "@prisma/client";

// queries the client it is handed
export async function checkQuota(db: PrismaClient | Prisma.TransactionClient, org: string) {
  return (await db.user.count({ where: { org } })) < 10;
}
