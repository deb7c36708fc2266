import { Request, Response } from "express";
import { prismaDb } from "../lib/database";
import { PrismaClientOrTransaction } from "../types";
import { createCommentService } from "../services/comment-service";
import { createTaskService } from "../services/task-service";
import { createAuditService } from "../services/audit-service";
import { sharedTasks } from "../services/instances";

const commentService = createCommentService(prismaDb);
const taskService = createTaskService(prismaDb);
const auditService = createAuditService(prismaDb);

export async function createComment(req: Request, res: Response) {
  const { message, taskId } = req.body;
  await prismaDb.$transaction(async (tx: PrismaClientOrTransaction) => {
    const txTasks = createTaskService(tx);
    const text = commentService.formatComment(message);
    const row = await commentService.createComment(1, text); // PC202 -- module-level service on the shared client
    await txTasks.updateTask(Number(taskId), { name: text });
    await createTaskService(tx).readTaskById(row.id);
    await auditService.log("comment"); // PC202 -- the instance built on prismaDb
    await sharedTasks.readTaskById(row.id); // PC202 -- imported from the module that builds it
  });
  res.sendStatus(201);
}

export async function readComment(req: Request, res: Response) {
  res.json(await taskService.readTaskById(Number(req.params.id)));
}
