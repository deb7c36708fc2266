// The Nest app of an Nx root whose package.json lists next for apps/cms: next dev loads only
// apps/cms, and nx serve restarts this process on change (no PC102)
import { PrismaClient } from '@prisma/client';

const db = new PrismaClient();

export async function findUser(id: number) {
  return db.item.findUnique({ where: { id } });
}
