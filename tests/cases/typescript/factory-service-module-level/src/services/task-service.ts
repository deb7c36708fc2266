import { PrismaClientOrTransaction } from "../types";

// built on the shared client at module level and on `tx` inside transactions
export const createTaskService = (tx: PrismaClientOrTransaction) => {
  return {
    readTaskById: async function readTaskById(id: number) {
      return tx.task.findUnique({ where: { id } });
    },
    readTaskIn: async function readTaskIn(id: number, db?: PrismaClientOrTransaction) {
      return (db ?? tx).task.findUnique({ where: { id } });
    },
    updateTask: async function updateTask(id: number, data: { name?: string }) {
      let row = await tx.task.update({ where: { id }, data });
      return row;
    },
  };
};
