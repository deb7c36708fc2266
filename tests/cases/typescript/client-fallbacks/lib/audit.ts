// Helpers that query through the client they are handed, or the shared one without it
// (langfuse's `auditLog(log, prisma?)`): the caller's arguments decide.
import { prisma as _prisma } from "./db";

export async function auditLog(log: { action: string }, prisma?: typeof _prisma) {
  const db = prisma ?? _prisma;
  await db.auditLog.create({ data: { action: log.action } });
}

export async function countKeys(tx?: typeof _prisma) {
  const client = tx ? tx : _prisma;
  return client.apiKey.count();
}

export async function lastKey(tx: typeof _prisma | null) {
  const client = tx || _prisma;
  return client.apiKey.findFirst({ orderBy: { createdAt: "desc" } });
}
