import "dotenv/config";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { prisma as shared } from "../src/db";

// runs at load but imports the app's module: not a script of its own
const pool = new Pool({ connectionString: process.env.DATABASE_URL }); // PC310
const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });

async function main() {
  await prisma.search.deleteMany();
  await shared.search.count();
}

main().finally(() => prisma.$disconnect());
