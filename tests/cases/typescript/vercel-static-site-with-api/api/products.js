import { prisma } from "../server/db.js";

export default async function handler(req, res) {
  res.json(await prisma.product.findMany());
}
