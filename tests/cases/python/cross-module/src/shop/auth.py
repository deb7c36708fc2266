from .db import db


async def authenticate_user(token: str) -> str:
    await db.connect()  # PC105
    user = await db.user.find_first(where={"token": token})
    return user.id if user else ""


async def ensure_connected() -> None:
    if not db.is_connected():
        await db.connect()
