import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { prisma as shared } from "../src/db";

// runs at load and imports the app's module, but never ends its run: a server's entry
const pool = new Pool({ connectionString: process.env.DATABASE_URL }); // PC310
const prisma = new PrismaClient({ adapter: new PrismaPg(pool) }); // PC103

(async () => {
  await prisma.$connect();
  await shared.$connect();
  setInterval(() => prisma.search.count(), 1000);
})();
