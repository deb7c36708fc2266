import { PrismaClientOrTransaction } from "../types";

// handed two different shared clients, by two modules
export function createAuditService(db: PrismaClientOrTransaction) {
  return {
    async log(message: string) {
      return db.auditLog.create({ data: { message } });
    },
  };
}
