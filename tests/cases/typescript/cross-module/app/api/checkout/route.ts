import { describe, quote, seatsUsed, seatsUsedIn, trackEvent } from "@/lib/billing";
import { mailer } from "@/lib/mailer";
import { prisma } from "@/lib/prisma";

export async function POST(req: Request): Promise<Response> {
  const { orgId, amount } = await req.json();
  await prisma.$transaction(async (tx) => {
    const charge = await quote(amount); // PC201
    const used = await seatsUsed(orgId); // PC202
    const same = await seatsUsedIn(tx, orgId);
    const label = describe(amount);
    void trackEvent("checkout");
    await mailer.send("ops@example.com", label); // PC201
    await tx.order.create({ data: { orgId, charge, used, same, label } });
  });
  return new Response("ok");
}
