// Nitro auto-imports what server/utils/ exports into every server file.
import { PrismaClient } from "@prisma/client";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = globalForPrisma.prisma ?? new PrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;

let cached: PrismaClient | undefined;
export function usePrisma() {
  cached ??= new PrismaClient();
  return cached;
}
