import Razorpay from "razorpay";
import Decimal from "decimal.js";
import { prisma } from "@/lib/prisma";

const razorpay = new Razorpay({ key_id: process.env.RZP_KEY!, key_secret: process.env.RZP_SECRET! });
const cents = new Decimal(100);

export async function place(userId: string, amount: number) {
  return prisma.$transaction(async (tx) => {
    const order = await tx.order.create({ data: { userId, amount } });
    await razorpay.payments.capture(order.id, amount, "INR"); // PC201
    // a package object that stays in the process: silent
    const total = cents.times(amount).toNumber();
    return { order, total };
  });
}
