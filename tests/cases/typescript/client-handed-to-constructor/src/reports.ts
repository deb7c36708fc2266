import { prisma } from "./db";
import reports from "./report.repository";

export async function snapshot() {
  return prisma.$transaction(async (tx) => {
    const rows = await reports.totals(); // PC202
    return tx.snapshot.create({ data: { rows: rows.length } });
  });
}
