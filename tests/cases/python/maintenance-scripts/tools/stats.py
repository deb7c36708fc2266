# main-guarded too, but the app imports it: its client is a second pool in the app's process
import asyncio

from prisma import Prisma

stats_db = Prisma()  # PC103


async def count_users():
    return await stats_db.user.count()


async def main():
    await stats_db.connect()
    print(await count_users())
    await stats_db.disconnect()


if __name__ == "__main__":
    asyncio.run(main())
