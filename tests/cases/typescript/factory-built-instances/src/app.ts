import express from "express";
import { prisma } from "./db";
import { makeArrowRepo, makeHeldRepo, makeRepo } from "./repo";

const notes = makeRepo(prisma);
const held = makeHeldRepo(prisma);
const arrow = makeArrowRepo(prisma);

const app = express();

app.delete("/notes/:id", async (req, res) => {
  const id = Number(req.params.id);
  await prisma.$transaction(async (tx) => {
    await tx.note.delete({ where: { id } });
    await notes.find(id); // PC202
    await held.find(id); // PC202
    await arrow.find(id); // PC202
    await makeRepo(tx).find(id);
    const local = makeHeldRepo(tx);
    await local.find(id);
  });
  res.sendStatus(204);
});

export default app;
