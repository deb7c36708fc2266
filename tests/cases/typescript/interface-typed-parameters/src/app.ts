import express from "express";
import { inTx } from "./db";
import { NoteService } from "./service";
import { MemoryAudit } from "./audit";
const app = express();
const svc = new NoteService();
app.post("/n/:id", (req, res, next) => {
  inTx(async (tx: any) => {
    const repo = svc.repo();
    const ok = await svc.exists(repo, Number(req.params.id)); // PC202
    await svc.audit(new MemoryAudit(), Number(req.params.id));
    await tx.note.create({ data: { id: Number(req.params.id) } });
    res.json({ ok });
  });
});
app.listen(3000);
