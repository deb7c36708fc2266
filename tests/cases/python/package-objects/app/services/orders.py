from app.services.notify import notify_user


async def place(uid: str) -> None:
    await notify_user(uid)
