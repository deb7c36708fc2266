import express from "express";
import { getClient, prisma } from "./db";
import { countUsers } from "./users";

const app = express();
app.post("/users", async (_req, res) => {
  await prisma.$transaction(async (tx) => {
    await countUsers(); // PC202 -- no `tx`: the helper's choice falls back to the shared client
    await countUsers(tx);
    await getClient(prisma, tx).user.count();
    await tx.user.count();
  });
  res.sendStatus(204);
});
app.listen(3000);
