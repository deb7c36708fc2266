// left over: nothing imports this module, so its client never opens a pool
import { PrismaClient } from "@prisma/client";
export const prisma = new PrismaClient();
