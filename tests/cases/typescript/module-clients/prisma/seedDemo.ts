// a seed script beside prisma/seed.ts (named seedDemo, seed-demo, seed_demo): a one-off
// process, its own client is no second pool of the server: silent
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

export async function seedDemo(count: number) {
  for (let i = 0; i < count; i++) await prisma.user.create({ data: { email: `demo${i}@example.com` } });
}
