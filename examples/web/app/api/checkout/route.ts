import Stripe from "stripe";
import { NextResponse } from "next/server";
import { prisma } from "@/lib/prisma";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(request: Request) {
  const { orderId } = (await request.json()) as { orderId: string };
  const order = await prisma.$transaction(
    async (tx) => {
      const pending = await tx.order.update({ where: { id: orderId }, data: { status: "PAYING" } });
      const intent = await stripe.paymentIntents.create({ amount: pending.totalCents, currency: "usd" }); // PC201: the connection stays pinned while Stripe answers
      await prisma.payment.create({ data: { orderId, stripeId: intent.id } }); // PC202: outer client, a second connection outside the transaction
      tx.auditLog.create({ data: { action: "checkout.started", orderId } }); // PC204: not awaited, runs after the transaction closed
      return pending;
    },
    { timeout: 30000 }, // PC203: a connection may stay pinned for 30 s
  );
  return NextResponse.json(order);
}

// correct: call Stripe first, then a short transaction that only writes through `tx`
export async function PUT(request: Request) {
  const { orderId, amountCents } = (await request.json()) as { orderId: string; amountCents: number };
  const intent = await stripe.paymentIntents.create({ amount: amountCents, currency: "usd" });
  const payment = await prisma.$transaction(
    async (tx) => {
      const created = await tx.payment.create({ data: { orderId, stripeId: intent.id } });
      await tx.order.update({ where: { id: orderId }, data: { status: "PAID" } });
      return created;
    },
    { timeout: 5000 },
  );
  return NextResponse.json(payment);
}

// correct: the callback parameter shadows `prisma`, so both queries run on the transaction client
export async function DELETE(request: Request) {
  const orderId = new URL(request.url).searchParams.get("orderId") ?? "";
  await prisma.$transaction(async (prisma) => {
    await prisma.order.update({ where: { id: orderId }, data: { status: "CANCELLED" } });
    await prisma.auditLog.create({ data: { action: "checkout.cancelled", orderId } });
  });
  return new NextResponse(null, { status: 204 });
}
