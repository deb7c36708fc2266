from prisma import Prisma

prisma = Prisma()
