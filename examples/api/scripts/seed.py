import asyncio

from prisma import Prisma


async def main() -> None:
    # correct: a script creates its own client and closes it when the block ends
    async with Prisma() as db:
        await db.user.upsert(
            where={"email": "ada@shop.example"},
            data={
                "create": {"email": "ada@shop.example", "name": "Ada"},
                "update": {},
            },
        )


if __name__ == "__main__":
    asyncio.run(main())
