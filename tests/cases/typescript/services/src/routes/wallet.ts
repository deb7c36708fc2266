import { Router } from "express";
import { withdraw } from "../controllers/wallet.controller";

const router = Router();
router.post("/withdraw", withdraw);
export default router;
