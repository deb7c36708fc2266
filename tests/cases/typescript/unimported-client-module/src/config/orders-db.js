import { PrismaClient } from "@prisma/client";
export const ordersDb = new PrismaClient(); // PC103 -- a route imports it: a second pool
