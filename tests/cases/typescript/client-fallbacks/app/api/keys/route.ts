import { prisma } from "../../../lib/db";
import { auditLog, countKeys, lastKey } from "../../../lib/audit";

export async function DELETE() {
  await prisma.$transaction(async (tx) => {
    await tx.apiKey.deleteMany();
    await auditLog({ action: "delete" }); // PC202 -- no client handed: the shared one
    await countKeys(); // PC202
    await lastKey(null); // PC202
    // look-alikes: the transaction's client handed down
    await auditLog({ action: "delete" }, tx);
    await countKeys(tx);
    await lastKey(tx);
  });
  // outside the transaction: nothing is held
  await auditLog({ action: "deleted" });
  return new Response(null, { status: 204 });
}
