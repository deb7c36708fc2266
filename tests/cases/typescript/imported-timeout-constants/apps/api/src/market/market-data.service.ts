import { GATHER_TIMEOUT, QUEUE_WAIT, SHORT_TIMEOUT, MUTABLE_TIMEOUT, RENAMED_TIMEOUT, timeoutFor } from '@ghost/common/config';
import { GATHER_TIMEOUT as VIA_BARREL } from '@ghost/common/index';
import { DEFAULT_TIMEOUT } from 'some-package';
import { prisma } from './db';

export async function gather() {
  await prisma.$transaction(async (tx) => { await tx.marketData.deleteMany({}); }, {
    timeout: GATHER_TIMEOUT, // PC203
    maxWait: QUEUE_WAIT, // PC203
  });
  await prisma.$transaction(async (tx) => { await tx.marketData.count(); }, { timeout: VIA_BARREL }); // PC203
  await prisma.$transaction(async (tx) => { await tx.marketData.count(); }, { timeout: RENAMED_TIMEOUT }); // PC203
  // short, reassignable, computed or from a package: not read, or short enough
  await prisma.$transaction(async (tx) => { await tx.marketData.count(); }, { timeout: SHORT_TIMEOUT });
  await prisma.$transaction(async (tx) => { await tx.marketData.count(); }, { timeout: MUTABLE_TIMEOUT });
  await prisma.$transaction(async (tx) => { await tx.marketData.count(); }, { timeout: timeoutFor('slow') });
  await prisma.$transaction(async (tx) => { await tx.marketData.count(); }, { timeout: DEFAULT_TIMEOUT });
}
