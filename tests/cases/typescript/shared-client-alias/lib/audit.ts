import { prisma as _prisma } from "./db";

// the shared client under another local name, unless the caller hands its own
export async function auditLog(action: string, prisma?: typeof _prisma) {
  const db = prisma ?? _prisma;
  await db.auditLog.create({ data: { action } });
}
