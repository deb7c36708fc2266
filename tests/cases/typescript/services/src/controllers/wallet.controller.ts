import type { Request, Response } from "express";
import { walletService } from "../services/wallet.service";

export const withdraw = async (req: Request, res: Response) => {
  res.json(await walletService.withdraw(req.body.userId, req.body.amount));
};
