import { Hono } from "hono";
import { PrismaClient } from "@prisma/client";

const app = new Hono();
app.get("/users", async (c) => {
  // a Worker: a client per request is the documented pattern
  const prisma = new PrismaClient();
  return c.json(await prisma.mega.findMany());
});

export default {
  fetch: app.fetch,
  async scheduled() {},
};
