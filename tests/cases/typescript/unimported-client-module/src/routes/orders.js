import { Router } from "express";
import { ordersDb } from "../config/orders-db.js";
const r = Router();
r.get("/", async (req, res) => res.json(await ordersDb.order.findMany()));
export default r;
