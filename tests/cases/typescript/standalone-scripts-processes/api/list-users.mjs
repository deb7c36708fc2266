// `node api/list-users.mjs`: a process of its own
import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
const users = await prisma.mega.findMany();
console.log("USERS:", users);
await prisma.$disconnect();
