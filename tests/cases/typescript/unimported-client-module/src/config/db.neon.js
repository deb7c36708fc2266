// left over, exporting nothing and importing only packages: nothing loads it, and run on
// its own its process would hold this client alone
import { Pool } from "@neondatabase/serverless";
import { PrismaNeon } from "@prisma/adapter-neon";
import { PrismaClient } from "@prisma/client";

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1, connectionTimeoutMillis: 5000 });
const prisma = new PrismaClient({ adapter: new PrismaNeon(pool) });
