from ..db import db


async def write_notification(user_id: str, text: str) -> None:
    await db.notification.create(data={"user_id": user_id, "text": text})


async def write_notification_in(tx, user_id: str, text: str) -> None:
    await tx.notification.create(data={"user_id": user_id, "text": text})
