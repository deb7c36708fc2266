import Stripe from "stripe";
import { prisma } from "@/lib/prisma";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(request: Request) {
  const { orderId } = await request.json();
  const order = await prisma.$transaction(
    async (tx) => {
      const pending = await tx.order.update({ where: { id: orderId }, data: { status: "PAYING" } });
      const intent = await stripe.paymentIntents.create({ amount: pending.totalCents, currency: "usd" }); // PC201
      await prisma.payment.create({ data: { orderId, stripeId: intent.id } }); // PC202
      tx.auditLog.create({ data: { action: "checkout", orderId } }); // PC204
      return pending;
    },
    { timeout: 30000 }, // PC203
  );
  return Response.json(order);
}

export async function PUT(request: Request) {
  const { orderId, amount } = await request.json();
  // Stripe first, then a short transaction through tx only: silent
  const intent = await stripe.paymentIntents.create({ amount, currency: "usd" });
  const payment = await prisma.$transaction(async (tx) => {
    const created = await tx.payment.create({ data: { orderId, stripeId: intent.id } });
    await tx.order.update({ where: { id: orderId }, data: { status: "PAID" } });
    return created;
  }, { timeout: 5000 });
  return Response.json(payment);
}

export async function DELETE(request: Request) {
  const { orderId } = await request.json();
  // the callback parameter shadows `prisma`: both queries run on the transaction, silent
  await prisma.$transaction(async (prisma) => {
    await prisma.order.update({ where: { id: orderId }, data: { status: "CANCELLED" } });
    await prisma.auditLog.create({ data: { action: "cancel", orderId } });
  });
  return new Response(null, { status: 204 });
}

export async function PATCH(request: Request) {
  const { ids } = await request.json();
  const users = await Promise.all(ids.map(async (id: string) => prisma.user.findUnique({ where: { id } }))); // PC205
  // a bounded batch in one query: silent
  const same = await prisma.user.findMany({ where: { id: { in: ids } } });
  return Response.json({ users, same });
}
