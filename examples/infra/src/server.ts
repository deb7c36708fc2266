import express from "express";
import { PrismaClient } from "@prisma/client";

// correct: a long-running server keeps one client, and so one pool, for the life of the process
const prisma = new PrismaClient();
const app = express();
app.use(express.json());

app.get("/products", async (_req, res) => {
  const products = await prisma.product.findMany({ where: { active: true }, orderBy: { name: "asc" } });
  res.json(products);
});

app.post("/orders", async (req, res) => {
  const { customerEmail, totalCents } = req.body as { customerEmail: string; totalCents: number };
  const order = await prisma.order.create({ data: { customerEmail, totalCents } });
  res.status(201).json(order);
});

const server = app.listen(Number(process.env.PORT ?? 3000));

// correct: disconnect once, when the container is stopped
process.on("SIGTERM", () => {
  server.close(async () => {
    await prisma.$disconnect();
    process.exit(0);
  });
});
