import { prisma } from "@/lib/prisma";
import updateSeats, { cancelAll, refund, stripeReady } from "@/lib/billing/updateSeats";
import stripeSDK from "@/lib/billing/stripeSDK";
import { cancelGoogleSubscription, googleClient } from "@/lib/billing/google";
import { decimal, money, priceLabel } from "@/lib/money";

export async function DELETE(req: Request) {
  const { id, subscriptionId, seats, token, charge } = await req.json();
  await prisma.$transaction(async (tx) => {
    await tx.user.delete({ where: { id } });
    await updateSeats(subscriptionId, seats - 1); // PC201
    await cancelGoogleSubscription(token); // PC201
    await refund("sk", charge); // PC201
    await cancelAll(id); // PC201
    await googleClient().request({ url: "https://example.test/x" }); // PC201
    const stripe = stripeSDK();
    await stripe.customers.del(id); // PC201 -- judged once, by the package's name
    const ready = stripeReady();
    const label = await priceLabel(seats);
    const total = money(seats).format() + decimal(seats).plus(1).toString();
    await tx.auditLog.create({ data: { userId: id, label, total, ready } });
  });
  // after the transaction: nothing is held
  await updateSeats(subscriptionId, seats - 1);
  await cancelGoogleSubscription(token);
  return new Response(null, { status: 204 });
}
