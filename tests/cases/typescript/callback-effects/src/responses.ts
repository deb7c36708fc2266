import type { Prisma } from "@prisma/client";
import { prisma } from "./db";
import { withQuota } from "./quota";
import { countSeats } from "./seats";

// handed by name to the wrapper, which passes its transaction client as `tx`
export const createResponse = async (input: { id: number }, tx: Prisma.TransactionClient) => {
  await countSeats(input.id); // PC202
  const db = tx ?? prisma;   // the wrapper always passes tx: silent
  return db.response.create({ data: { id: input.id } });
};

export const createWithQuota = (input: { id: number }) => withQuota(input, createResponse);
