import { Hono } from "hono";
import { PrismaClient } from "@prisma/client";

const app = new Hono();
app.get("/users", async (c) => {
  const prisma = new PrismaClient(); // PC101
  return c.json(await prisma.mega.findMany());
});

// Bun's server object: where to listen, in one long-lived process (not a Worker)
export default {
  fetch: app.fetch,
  port: 4000,
};
