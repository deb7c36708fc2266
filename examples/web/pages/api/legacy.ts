import type { NextApiRequest, NextApiResponse } from "next";
import { prisma } from "@/lib/prisma";

// correct: a pages-router API route on the shared client, no $connect/$disconnect
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== "GET") {
    res.setHeader("Allow", "GET");
    return res.status(405).end();
  }
  const email = String(req.query.email ?? "");
  const user = await prisma.user.findUnique({ where: { email }, include: { orders: true } });
  return user ? res.status(200).json(user) : res.status(404).json({ error: "not found" });
}
