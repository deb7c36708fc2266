import express from "express";
import { addMember, listSeats } from "./services";

const app = express();
app.post("/teams/:id/members", async (req, res) => res.json(await addMember(req.params.id, req.body.email)));
app.get("/teams/:id/seats", async (req, res) => res.json(await listSeats(req.params.id)));
app.listen(3000);
import { snapshot } from "./reports";
app.post("/snapshots", async (_req, res) => res.json(await snapshot()));
