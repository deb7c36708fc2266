import type { Prisma } from "@prisma/client";
import { prisma } from "./db";

// a wrapper by what it does: it runs `create` in a transaction and hands it the client
export async function withQuota<T>(input: T, create: (input: T, tx: Prisma.TransactionClient) => Promise<unknown>) {
  return prisma.$transaction(async (tx) => {
    const row = await create(input, tx);
    await tx.quota.update({ where: { id: 1 }, data: {} });
    return row;
  });
}
