// A Prisma one-off beside them: top-level await, its own client, its own process
import { PrismaClient } from '@prisma/client'

const prisma = new PrismaClient({ datasourceUrl: 'postgresql://dbuser:Xk29fhQ7v@mydb.c9aqq6yoiyvt.us-west-2.rds.amazonaws.com:5432/postgres' }) // PC307
await prisma.mega.deleteMany({ where: { conc: 0 } })
await prisma.$disconnect()
