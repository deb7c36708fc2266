import express from "express";
import { db } from "./db";
import { Services, Unit } from "./repos";

const app = express();
const services = new Services(db);

app.post("/notes", async (_req, res) => {
  await db.$transaction(async (tx) => {
    await services.notes.count(); // PC202 -- the container hands its repositories the shared client
    const unit = new Unit(tx);
    await unit.tags.count();
    await tx.note.create({ data: { text: "x" } });
  });
  res.sendStatus(201);
});

app.get("/notes", async (_req, res) => {
  res.json(await services.notes.count());
});
app.listen(3000);
