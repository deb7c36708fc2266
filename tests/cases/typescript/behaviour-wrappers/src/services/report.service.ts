import { runAtomic } from "../lookalike/atomic";
import { chargeCard } from "../lib/payments";
import { recordAudit } from "../lib/audit";

// the look-alike runAtomic opens no transaction: nothing here holds one
export async function monthlyReport(userId: string) {
  return runAtomic(async (tx) => {
    const orders = await tx.order.findMany({ where: { userId } });
    await chargeCard(userId, orders.length);
    await recordAudit("report");
    return orders;
  });
}
