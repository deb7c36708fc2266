import express from "express";
import { orderService } from "./di/instances.js";

const app = express();
app.post("/orders/:id", async (req, res) => {
  await orderService.run(req.params.id);
  res.end();
});
app.listen(3000);
