from prisma import Prisma

from app.db import db


class UserService:
    """FastAPI builds it per request (`Depends(UserService)`): `__init__` runs per request."""

    def __init__(self) -> None:
        self.client = Prisma()  # PC101

    async def names(self) -> list[str]:
        return [u.name for u in await self.client.user.find_many()]


class SharedUsers:
    """Also built per request, but it keeps the shared client: silent."""

    def __init__(self) -> None:
        self.db = db

    async def count(self) -> int:
        return await self.db.user.count()


class RateLimiter:
    """`Depends(RateLimiter())`: `__init__` runs once at import, `__call__` per request."""

    def __init__(self) -> None:
        self.audit = Prisma()

    async def __call__(self) -> None:
        scratch = Prisma()  # PC101
        await scratch.connect()
        await scratch.disconnect()
