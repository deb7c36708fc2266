import { Prisma } from "@prisma/client";
import { runAtomic } from "../lib/db";
import { recordAudit } from "../lib/audit";

async function settle(tx: Prisma.TransactionClient) {
  await tx.invoice.updateMany({ data: { settled: true } });
  await fetch("https://ledger.example.com/settle", { method: "POST" }); // PC201
  await recordAudit("invoice.settled"); // PC202
}

export async function settleAll() {
  await runAtomic(settle);
}
