import { Pool } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

const globalForPrisma = globalThis as unknown as { prisma: PrismaClient };

const build = () => {
  if (process.env.NODE_ENV === "production") {
    const pool = new Pool({ connectionString: process.env.DATABASE_URL }); // PC303 -- what Vercel runs
    return new PrismaClient({ adapter: new PrismaPg(pool) });
  } else {
    // a deployment never runs this branch: its pool is the developer's
    const pool = new Pool({ connectionString: process.env.DATABASE_URL });
    return new PrismaClient({ adapter: new PrismaPg(pool) });
  }
};

const devPool = process.env.NODE_ENV !== "production" ? new Pool({ connectionString: process.env.DATABASE_URL }) : null;

export const prisma = globalForPrisma.prisma || build();

if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;
