import { prisma } from "@/lib/prisma";
import { billing } from "@/lib/clients/billing";
import { searchIndex } from "@/lib/clients/search";
import { labels } from "@/lib/clients/labels";
import { archiveKey, removeArchive } from "@/lib/files";

export async function DELETE(req: Request) {
  const { id, charge } = await req.json();
  await prisma.$transaction(async (tx) => {
    await tx.order.delete({ where: { id } });
    await billing.refunds.create({ charge }); // PC201
    await searchIndex?.index("orders").deleteDocument(id); // PC201
    await removeArchive(archiveKey(id)); // PC201
    await unindex(id); // PC201 -- a helper of this file reaching the search client
    await purge(id); // PC201 -- a helper of this file reaching another module's S3 helper
    const label = labels.format("deleted");
    await tx.auditLog.create({ data: { orderId: id, label } });
  });
  // after the transaction: nothing is held
  await billing.refunds.create({ charge });
  await searchIndex?.index("orders").deleteDocument(id);
  return new Response(null, { status: 204 });
}

async function unindex(id: number) {
  await searchIndex?.index("orders").deleteDocument(id);
}

async function purge(id: number) {
  await removeArchive(archiveKey(id));
}
