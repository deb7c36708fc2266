import { Prisma, PrismaClient } from "@prisma/client";

export const prisma = new PrismaClient();

// the transaction client when given, else the client the caller hands
export function getClient(client: PrismaClient, tx?: Prisma.TransactionClient) {
  return tx ?? client;
}
