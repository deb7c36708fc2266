import { PrismaClient } from '@prisma/client'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL }) // PC310 -- vercel.json deploys the Vite build only: this server runs elsewhere
const g = globalThis
export const prisma = g.prisma ?? new PrismaClient({ adapter: new PrismaPg(pool) })
if (process.env.NODE_ENV !== 'production') g.prisma = prisma
