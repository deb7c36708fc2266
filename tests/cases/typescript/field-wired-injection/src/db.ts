import { PrismaClient } from "@prisma/client"
export const prismaShared = new PrismaClient()
