import { PrismaClient } from "@prisma/client";

// A separate client for the dashboard's slow reporting queries, with its own logging.
// PC102 + PC103: no globalThis cache (every `next dev` reload leaks a pool) and a second pool beside lib/prisma.ts
export const reportingDb = new PrismaClient({
  log: ["warn", "error"],
  // PC307 + PC303: a committed password, and a direct URL without connection_limit on Vercel
  datasourceUrl: "postgresql://reporter:Rp7-kQ2x-91vL@reporting.db.shop-internal.net:5432/shop",
});

export async function revenueSince(since: Date) {
  return reportingDb.order.aggregate({
    where: { status: "PAID", createdAt: { gte: since } },
    _sum: { totalCents: true },
    _count: true,
  });
}
