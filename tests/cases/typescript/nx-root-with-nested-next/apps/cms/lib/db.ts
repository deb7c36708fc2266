// the Next app's own client: next dev re-evaluates it on every change
import { PrismaClient } from '@prisma/client';

export const db = new PrismaClient(); // PC102
