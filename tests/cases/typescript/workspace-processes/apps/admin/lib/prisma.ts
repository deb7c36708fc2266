import { PrismaClient } from "@prisma/client";

// One client per app, in an app that does not use @acme/prisma: one pool per process.
export const prisma = new PrismaClient({ datasourceUrl: process.env.DATABASE_URL });
