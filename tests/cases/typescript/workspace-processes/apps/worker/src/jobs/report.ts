import { PrismaClient } from "@acme/prisma/client";

// A second pool in the worker's process: the rest of the worker imports @acme/prisma's client.
const prisma = new PrismaClient(); // PC103

export async function runReport() {
  return prisma.report.count();
}
