import "dotenv/config";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { prisma as shared } from "../src/db";

// imports the app's module, but disconnects once its run is done: a one-off process
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });

async function main() {
  await prisma.search.deleteMany();
  await shared.search.count();
}

main().finally(() => prisma.$disconnect());
