import type { Prisma, PrismaClient } from "@prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

// queries the client it is handed
export async function checkQuota(db: Db, org: string) {
  return (await db.user.count({ where: { org } })) < 10;
}

// queries the client of the context it is handed
export async function checkQuotaCtx(ctx: { db: Db }, org: string) {
  return (await ctx.db.user.count({ where: { org } })) < 10;
}

// reads the context, queries nothing
export function checkSession(ctx: { session?: { user?: string } }) {
  return Boolean(ctx.session?.user);
}
