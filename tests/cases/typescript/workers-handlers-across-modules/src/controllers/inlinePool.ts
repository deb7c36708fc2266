import { Context } from "hono";
import { Pool } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

// a Worker's pool per request lives for that request: neither PC101 nor PC310
export async function countPosts(c: Context) {
  const pool = new Pool({ connectionString: c.env.DATABASE_URL });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return c.json(await prisma.post.count());
}
