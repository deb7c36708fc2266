from .db import db


async def authenticate_user(token: str) -> str:
    await db.connect()  # PC105
    user = await db.user.find_first(where={"token": token})
    return user.id if user else ""


async def ensure_connected() -> None:
    if not db.is_connected():
        await db.connect()


async def warm_up() -> None:
    # reached from the health route directly and from /orders/{id} through `load_order`:
    # the ordinary route decides
    await db.connect()  # PC105


async def load_order(order_id: str):
    await warm_up()
    return await db.order.find_unique(where={"id": order_id})
