import express from "express";
import { db, rawPool } from "./db";

const app = express();
app.get("/", async (req, res) => { res.json(await db("x").user.findMany()); });
app.get("/raw", async (req, res) => { res.json(await rawPool("x").query("select 1")); });
app.listen(3000);
