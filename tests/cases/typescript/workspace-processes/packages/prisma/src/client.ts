import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";

// The workspace's shared client: apps/web runs it on Vercel (through @acme/core), so its
// pool is bounded per instance or it is not; and apps/web's Next.js dev server evaluates
// this module again on every change, so without a globalThis cache each reload leaks one.
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL }); // PC303
export const prisma = new PrismaClient({ adapter }); // PC102
