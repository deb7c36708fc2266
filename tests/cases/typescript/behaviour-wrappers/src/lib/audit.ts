import { Prisma } from "@prisma/client";
import { prisma } from "./db";

export async function recordAudit(action: string) {
  return prisma.auditLog.create({ data: { action } });
}

export async function recordAuditIn(tx: Prisma.TransactionClient, action: string) {
  return tx.auditLog.create({ data: { action } });
}

export async function publishAudit(action: string) {
  await fetch("https://audit.example.com/events", { method: "POST", body: action });
}
