import { PrismaClient } from "@prisma/client";

export const reportingDb = new PrismaClient({ log: ["warn", "error"] }); // PC103

export async function revenue() {
  return reportingDb.order.aggregate({ _sum: { totalCents: true } });
}
