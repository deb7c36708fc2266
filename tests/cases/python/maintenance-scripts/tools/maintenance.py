# a maintenance script: run with `python -m tools.maintenance`, nothing imports it, and its
# main disconnects once the work is done: its client is its own process's
import asyncio

from prisma import Prisma

prisma = Prisma()


async def purge_user(user_id):
    await prisma.message.delete_many(where={"user_id": user_id})


async def main():
    await prisma.connect()
    await purge_user("u1")
    await prisma.disconnect()


if __name__ == "__main__":
    asyncio.run(main())
