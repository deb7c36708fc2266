import { Router } from "express";
import { prisma } from "../config/db.js";
const r = Router();
r.get("/", async (req, res) => res.json(await prisma.user.findMany()));
export default r;
