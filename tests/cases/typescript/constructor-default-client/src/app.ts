import express from "express";
import { prisma } from "./db";
import { NoteRepository, UserRepository } from "./repositories";

const users = new UserRepository();
const notes = new NoteRepository();
const app = express();

app.post("/users", async (_req, res) => {
  await prisma.$transaction(async (tx) => {
    await users.count(); // PC202 -- `super()` hands the base its default, the shared client
    await notes.count(); // PC202 -- built without an argument: the default
    await new NoteRepository(tx).count();
    await tx.user.count();
  });
  res.sendStatus(204);
});
app.listen(3000);
