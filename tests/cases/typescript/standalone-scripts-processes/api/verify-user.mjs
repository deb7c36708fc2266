// `node api/verify-user.mjs`: another process, its client never shares one with another
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
try {
  const user = await prisma.mega.findUnique({ where: { conc: 1 } });
  console.log('VERIFY', user);
} finally {
  await prisma.$disconnect();
}
