// guarded like a script, but a route of the app imports it: its client lives in the app
import { fileURLToPath } from "node:url";
import { PrismaClient } from "../../prisma/generated/client";
import { PrismaPg } from "@prisma/adapter-pg";

const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) }); // PC103 PC303

export async function cleanup() {
  await prisma.slot.deleteMany();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  cleanup().finally(() => prisma.$disconnect());
}
