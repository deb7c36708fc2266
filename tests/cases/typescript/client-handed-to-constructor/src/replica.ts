import { PrismaClient } from "@prisma/client";
export default new PrismaClient(); // PC103 -- a read replica is a second pool
