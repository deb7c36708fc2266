import type { VercelRequest, VercelResponse } from "@vercel/node";
import { prisma } from "../src/db";

// correct: a Vercel function that uses the module's shared client
export default async function handler(req: VercelRequest, res: VercelResponse) {
  if (req.method === "POST") {
    const { customerEmail, totalCents } = req.body as { customerEmail: string; totalCents: number };
    const order = await prisma.order.create({ data: { customerEmail, totalCents } });
    return res.status(201).json(order);
  }
  const orders = await prisma.order.findMany({ where: { status: "OPEN" }, take: 20 });
  return res.status(200).json(orders);
}
