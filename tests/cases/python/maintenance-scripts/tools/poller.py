# a long-running poller: its main never disconnects, so it is not a run-once script
import asyncio

from prisma import Prisma

poll_db = Prisma()  # PC103


async def main():
    await poll_db.connect()
    while True:
        await poll_db.job.update_many(where={"state": "stale"}, data={"state": "queued"})
        await asyncio.sleep(30)


if __name__ == "__main__":
    asyncio.run(main())
