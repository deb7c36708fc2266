from prisma import Prisma

from app.db import db


class UserRepo:
    """The shared client is the default; a transaction hands its own."""

    def __init__(self, client: Prisma = db):
        self.client = client

    async def count(self) -> int:
        return await self.client.user.count()


users = UserRepo()
