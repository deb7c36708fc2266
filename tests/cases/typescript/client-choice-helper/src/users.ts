import type { Prisma } from "@prisma/client";
import { getClient, prisma } from "./db";

export async function countUsers(tx?: Prisma.TransactionClient) {
  return getClient(prisma, tx).user.count();
}
