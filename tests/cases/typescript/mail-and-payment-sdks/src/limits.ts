import pLimit from 'p-limit';
import { prisma } from './db';

// a package's own function called at module level that builds nothing slow: silent
const limit = pLimit(2);
export async function bounded(ids: number[]) {
  return prisma.$transaction(async (tx) => {
    await limit.clearQueue();
    return Promise.all(ids.map((id) => tx.booking.findUnique({ where: { id } })));
  });
}
