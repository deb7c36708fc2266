from fastapi import APIRouter
from prisma import Prisma

from app.db import db

router = APIRouter()


@router.get("/users")
async def list_users():
    client = Prisma()  # PC101
    await client.connect()
    return await client.user.find_many()


@router.get("/recent")
async def recent_orders():
    await db.connect()  # PC105
    return await db.order.find_many(take=20)


@router.get("/orders/{order_id}")
async def get_order(order_id: str):
    if not db.is_connected():  # guarded: silent
        await db.connect()
    return await db.order.find_unique(where={"id": order_id})


@router.delete("/orders/{order_id}")
async def cancel_order(order_id: str):
    try:
        return await db.order.update(where={"id": order_id}, data={"status": "CANCELLED"})
    finally:
        await db.disconnect()  # PC104
