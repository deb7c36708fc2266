import { withTx, createLock } from './db';

// a function wrapper whose body only hands tx down
export async function lockAll(ids: number[]) {
  return withTx(async (tx) => {
    for (const id of ids) await createLock(id, tx);
    await fetch('https://example.com/hook'); // PC201
  });
}

// the same with a direct tx query
export async function lockAllDirect(ids: number[]) {
  return withTx(async (tx) => {
    await tx.task.findFirst();
    await fetch('https://example.com/hook'); // PC201
  });
}
