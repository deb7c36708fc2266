import express from "express";
import { prismaDb } from "./db";
import { NoteRepo } from "./repo";
import { TagRepo } from "./tags";

const notes = new NoteRepo(prismaDb);
const sharedTags = new TagRepo(prismaDb);
export const router = express.Router();

router.post("/notes", async (_req, res) => {
  await prismaDb.$transaction(async (tx) => {
    const n = await notes.countNotes(); // PC202 -- a module-level instance of a class another module defines
    await new TagRepo(tx).countTags();
    await new TagRepo(prismaDb).countTags(); // PC202 -- built on the shared client right here
    await sharedTags.countIn(tx);
    await sharedTags.countIn(); // PC202 -- without a client of its own it falls back to the one it was built on
    await tx.note.create({ data: { text: `${notes.describe()} ${n}` } });
  });
  res.sendStatus(201);
});
