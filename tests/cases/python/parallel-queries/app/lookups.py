import asyncio

from app.db import db


async def users_by_id(ids: list[str]):
    """A helper the routes call: request scope reaches it from another module."""
    return await asyncio.gather(*[db.user.find_unique(where={"id": i}) for i in ids])  # PC205


async def warm_cache(ids: list[str]):
    """Called only from a script: not request scope."""
    return await asyncio.gather(*[db.user.find_unique(where={"id": i}) for i in ids])
