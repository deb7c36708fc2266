import { Prisma, PrismaClient } from "@prisma/client";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = globalForPrisma.prisma ?? new PrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;

// the project's own transaction wrappers: their callbacks are interactive transaction bodies
export async function withTransaction<T>(
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
  options?: { timeout?: number; maxWait?: number },
): Promise<T> {
  return prisma.$transaction(async (tx) => fn(tx), options);
}

export class PrismaTransaction {
  static start<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>) {
    return prisma.$transaction(fn);
  }
}

// a wrapper whose own `timeout` is how long it waits for a lock: Prisma never sees it
export async function withLockedTransaction<T>(
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
  { timeout }: { timeout: number },
): Promise<T> {
  await acquireLock("bookings", timeout);
  return prisma.$transaction(fn);
}

async function acquireLock(name: string, waitMs: number) {
  return { name, waitMs };
}

// the options in fourth place, handed on inside a retry (trigger.dev's `$transaction`)
export async function $transaction<R>(
  client: PrismaClient,
  fn: (tx: Prisma.TransactionClient) => Promise<R>,
  onError: (error: unknown) => void,
  options?: { timeout?: number; maxWait?: number },
): Promise<R | undefined> {
  try {
    return await retrying(() => client.$transaction((tx) => fn(tx), { ...options }));
  } catch (error) {
    onError(error);
  }
}

async function retrying<R>(run: () => Promise<R>): Promise<R> {
  return run();
}
