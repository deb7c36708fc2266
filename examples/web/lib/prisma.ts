import { PrismaClient } from "@prisma/client";

// correct: one client per process, cached on globalThis so `next dev` hot reloads reuse it
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma = globalForPrisma.prisma ?? new PrismaClient();

if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;
