from prisma import Prisma

db = Prisma()


async def get_db():
    client = Prisma()  # PC101
    await client.connect()
    try:
        yield client
    finally:
        await client.disconnect()


async def get_shared():
    # yields the shared, already-connected client: silent
    yield db
