import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

// PC310 + PC303: no `max` (pg's default is 10 per function instance) and no
// connectionTimeoutMillis, so an exhausted pool waits forever instead of failing fast
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL });

export const prisma = new PrismaClient({ adapter });
