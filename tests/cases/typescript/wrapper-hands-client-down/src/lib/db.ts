import { PrismaClient, Prisma } from '@prisma/client';

export const prisma = new PrismaClient();

export function withTx<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return prisma.$transaction((tx) => fn(tx));
}

export async function createLock(id: number, client: Prisma.TransactionClient | PrismaClient = prisma) {
  return client.task.update({ where: { id }, data: {} });
}
