// a second client module of its own, which a route imports: a second pool
import { PrismaClient } from '@prisma/client';

const g = globalThis as unknown as { reports?: PrismaClient };
export const reports = g.reports ?? new PrismaClient(); // PC103
if (process.env.NODE_ENV !== 'production') g.reports = reports;
