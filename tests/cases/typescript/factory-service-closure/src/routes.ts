import express from "express";
import { prismaDb } from "./db";
import { createAuditService, createNoteService, createTxService, formatNote, makeTagService } from "./services/note-service";
import { recordNote } from "./helpers/note-helper";

const noteService = createNoteService(prismaDb);
const tagService = makeTagService(prismaDb);
const auditService = createAuditService(prismaDb);
export const router = express.Router();

router.post("/tasks", async (req, res) => {
  await prismaDb.$transaction(async (tx) => {
    await tx.task.create({ data: { name: formatNote(req.body.name) } });
    await noteService.createNote("created"); // PC202 -- built at module level on the shared client
    await tagService.addTag("new"); // PC202 -- an arrow returning an object literal
    await recordNote("again"); // PC202 -- a helper builds the service on the shared client
    await auditService.log("created"); // PC202 -- this instance is built on the shared client, though another is built on tx
    await createAuditService(tx).log("in tx");
    const txService = createTxService(tx);
    await txService.touch();
  });
  res.sendStatus(201);
});

router.get("/notes", async (_req, res) => {
  res.json(await noteService.createNote("read"));
});
