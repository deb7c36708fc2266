from contextlib import asynccontextmanager

from app.db import db


@asynccontextmanager
async def transaction():
    """Named like a wrapper, but it only hands out the shared client: no transaction."""
    yield db
