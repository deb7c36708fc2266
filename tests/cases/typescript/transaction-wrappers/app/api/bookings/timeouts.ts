import { prisma, withTransaction, withLockedTransaction, $transaction } from "@/lib/db";

export async function POST(request: Request) {
  const { userId } = await request.json();
  // the wrapper hands its options to $transaction: a 30 s transaction
  await withTransaction(async (tx) => tx.booking.create({ data: { userId } }), { timeout: 30_000 }); // PC203
  // its own lock wait, whatever its name says: not a transaction timeout
  await withLockedTransaction(async (tx) => tx.booking.create({ data: { userId } }), { timeout: 30_000 });
  // the options in fourth place, forwarded through a retry
  await $transaction(prisma, async (tx) => tx.booking.create({ data: { userId } }), console.error, {
    maxWait: 20_000, // PC203
  });
  // short enough
  await withTransaction(async (tx) => tx.booking.create({ data: { userId } }), { timeout: 5_000 });
  return new Response(null, { status: 204 });
}
