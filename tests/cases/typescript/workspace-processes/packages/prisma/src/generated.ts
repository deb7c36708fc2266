export { PrismaClient } from "@prisma/client";
export type { User } from "@prisma/client";
