from contextlib import asynccontextmanager

from prisma import Prisma

db = Prisma()


def transaction():
    """A wrapper that returns the transaction's context manager."""
    return db.tx()


@asynccontextmanager
async def unit_of_work():
    async with db.tx() as tx:
        yield tx


async def in_tx(fn):
    async with db.tx() as tx:
        return await fn(tx)


async def logged(fn):
    """A look-alike: it only logs around the shared client."""
    print("db work")
    return await fn(db)
