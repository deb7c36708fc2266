import { prisma } from "../../../lib/prisma";
import { notifyLater } from "../../../lib/notify";

async function ping(id: string) {
  await fetch(`https://ping.example.com/${id}`);
}

// Fire-and-forget calls: the transaction drops their promises and does not wait for them.
export async function POST() {
  await prisma.$transaction(async (tx) => {
    const t = await tx.transfer.create({ data: {} });
    void fetch("https://a.example.com");
    fetch("https://b.example.com");
    void ping(t.id);
    ping(t.id);
    void notifyLater(t.id);
    notifyLater(t.id).catch(() => {});
    const pending = fetch("https://c.example.com"); // PC201 -- awaited below
    await pending;
    await ping(t.id); // PC201
  });
  return Response.json({});
}
