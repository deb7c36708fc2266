import { PrismaClient } from '@prisma/client'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL }) // PC303 -- api/ holds a function that uses it
const g = globalThis
export const prisma = g.prisma ?? new PrismaClient({ adapter: new PrismaPg(pool) })
if (process.env.NODE_ENV !== 'production') g.prisma = prisma
