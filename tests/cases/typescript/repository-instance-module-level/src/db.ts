import { PrismaClient } from "@prisma/client";
export const prismaDb = new PrismaClient();
