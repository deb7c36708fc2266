import { PrismaClient, Prisma } from "@prisma/client";

export const prisma = new PrismaClient();

type Work<T> = (tx: Prisma.TransactionClient) => Promise<T>;

// transaction wrappers whose names do not say transaction: what they do decides
export async function runAtomic<T>(fn: Work<T>): Promise<T> {
  return prisma.$transaction(fn);
}

export function unitOfWork<T>(work: Work<T>, options?: { timeout?: number }) {
  return prisma.$transaction(async (client) => {
    console.log("unit of work");
    return work(client);
  }, options);
}

// a chain: inTransaction hands its callback to runAtomic, which opens the transaction
export const inTransaction = <T>(fn: Work<T>) => runAtomic(fn);

export class Atomic {
  constructor(private readonly db: PrismaClient) {}

  perform<T>(fn: Work<T>) {
    return this.db.$transaction((tx) => fn(tx));
  }
}

export const atomic = new Atomic(prisma);

// look-alikes: a wrapper that only logs, one that retries on the shared client; neither
// opens a transaction, so their callbacks run on the shared client
export async function logged<T>(fn: (db: PrismaClient) => Promise<T>): Promise<T> {
  console.time("db");
  try {
    return await fn(prisma);
  } finally {
    console.timeEnd("db");
  }
}

export async function retrying<T>(fn: (db: PrismaClient) => Promise<T>, times = 3): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn(prisma);
    } catch (error) {
      if (i >= times) throw error;
    }
  }
}
