import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// the app's client module in a code folder named prisma/: still the Next.js app's
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL }); // PC310
export const prisma = new PrismaClient({ adapter: new PrismaPg(pool) }); // PC102
