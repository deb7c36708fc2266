import { prismaDb } from "../../lib/database";
import { replicaDb } from "../../lib/replica";
import { createTaskService } from "../../services/task-service";
import { createAuditService } from "../../services/audit-service";

const taskService = createTaskService(prismaDb);
const replicaAudit = createAuditService(replicaDb);

export class TaskHandlers {
  static async updateTask(params: { id: number; name: string }) {
    const existing = await taskService.readTaskById(params.id);
    const updated = await prismaDb.$transaction(async (tx) => {
      await tx.taskLog.create({ data: { taskId: params.id } });
      await taskService.readTaskIn(params.id, tx);
      await replicaAudit.log("updating"); // PC202 -- another client: the instance built on replicaDb
      return await taskService.updateTask(params.id, { name: params.name }); // PC202 -- module-level, though the factory is handed tx elsewhere
    });
    await replicaAudit.log("updated");
    return { existing, updated };
  }

  static async renameTask(params: { id: number; name: string }) {
    return replicaDb.$transaction(async (tx) => {
      const tasks = createTaskService(tx);
      await tasks.updateTask(params.id, { name: params.name });
      await replicaAudit.log("renamed"); // PC202 -- the instance built on replicaDb, the transaction's client
    });
  }
}
