import { prisma } from "../lib/db";

// named like a transaction wrapper, but it only hands the shared client to the callback
export async function runAtomic<T>(fn: (db: typeof prisma) => Promise<T>): Promise<T> {
  return fn(prisma);
}
