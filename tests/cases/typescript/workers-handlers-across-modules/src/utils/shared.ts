import { Pool } from "@neondatabase/serverless";
import { PrismaNeon } from "@prisma/adapter-neon";
import { PrismaClient } from "@prisma/client";

// module scope on Workers: the isolate's next request cannot reuse this pool's socket
const pool = new Pool({ connectionString: process.env.DATABASE_URL }); // PC107
export const shared = new PrismaClient({ adapter: new PrismaNeon(pool) });
