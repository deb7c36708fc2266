import express from "express";
import { router } from "./item.controller";
const app = express();
app.use(router);
app.listen(3000);
