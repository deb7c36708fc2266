import express from "express";
import { prisma } from "./db";
import { ItemCounter, ItemRepository, TxItemCounter, label } from "./item.repository";

const repo = new ItemRepository();
const counter = new ItemCounter(prisma);
const sharedCounter = new TxItemCounter(prisma);
export const router = express.Router();
router.get("/items", async (req, res) => { res.json(await repo.findAll()); });
router.get("/count", async (req, res) => { res.json(await sharedCounter.count()); });
router.post("/items", async (req, res) => {
  await prisma.$transaction(async (tx) => {
    await tx.item.create({ data: { name: req.body.name } });
    const n = await counter.count(); // PC202 -- the subclass hands its constructor's client to super
    const mine = new TxItemCounter(tx);
    await mine.count();
    return label(n);
  });
  res.sendStatus(201);
});
