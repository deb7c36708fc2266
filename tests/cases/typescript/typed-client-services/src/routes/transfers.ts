import { Router } from "express";
import { prisma } from "../lib";
import { TransferService } from "../services/transfer.service";
import { BankGateway } from "../gateways/bank";

const service = new TransferService(prisma, new BankGateway("https://bank.example.com"));
export const router = Router();

router.post("/transfers", async (req, res) => {
  res.json(await service.transfer(req.body.amount, req.body.to));
});
