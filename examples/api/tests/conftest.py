import pytest_asyncio
from prisma import Prisma


@pytest_asyncio.fixture
async def db():
    # correct: a fixture owns its client; teardown after `yield` is not request scope
    client = Prisma()
    await client.connect()
    yield client
    await client.disconnect()
