import express from "express";
import users from "./routes/users.js";
import orders from "./routes/orders.js";
const app = express();
app.use("/users", users);
app.use("/orders", orders);
export default app;
