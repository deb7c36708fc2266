from prisma import Prisma

prisma = Prisma()


async def load_rows(rows):
    await prisma.connect()
    for row in rows:
        await prisma.marketdata.create(data=row)
    await prisma.disconnect()
