import { PrismaClient } from "@prisma/client";

// correct: `astro dev` re-evaluates modules on change, so the client is cached on globalThis
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma = globalForPrisma.prisma ?? new PrismaClient();

if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;
