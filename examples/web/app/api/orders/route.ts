import { NextResponse } from "next/server";
import { prisma } from "@/lib/prisma";

export async function GET(request: Request) {
  const userId = new URL(request.url).searchParams.get("userId") ?? "";
  await prisma.$connect(); // PC105 (info): Prisma connects lazily; this only adds a round trip
  try {
    const orders = await prisma.order.findMany({ where: { userId }, include: { payment: true } });
    return NextResponse.json(orders);
  } finally {
    await prisma.$disconnect(); // PC104: tears down the shared pool under concurrent requests
  }
}

export async function DELETE(request: Request) {
  const id = new URL(request.url).searchParams.get("id") ?? "";
  // correct: no $connect/$disconnect, the shared client manages its own pool
  const order = await prisma.order.update({ where: { id }, data: { status: "CANCELLED" } });
  return NextResponse.json(order);
}
