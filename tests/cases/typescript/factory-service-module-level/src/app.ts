import express from "express";
import { createComment, readComment } from "./controllers/comments-controller";
import { TaskHandlers } from "./mcp/handlers/task-handlers";

const app = express();
app.use(express.json());
app.post("/comments", createComment);
app.get("/comments/:id", readComment);
app.put("/tasks/:id", async (req, res) => {
  res.json(await TaskHandlers.updateTask({ id: Number(req.params.id), name: req.body.name }));
});
app.post("/tasks/:id/rename", async (req, res) => {
  res.json(await TaskHandlers.renameTask({ id: Number(req.params.id), name: req.body.name }));
});
app.listen(3000);
