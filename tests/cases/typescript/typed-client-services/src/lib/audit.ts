import { prisma } from "./prisma";
export async function writeAudit(action: string) {
  await prisma.auditLog.create({ data: { action } });
}
