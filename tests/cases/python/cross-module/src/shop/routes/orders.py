from fastapi import APIRouter, Depends
from prisma import Prisma

from shop.auth import authenticate_user, ensure_connected, load_order
from shop.db import db, get_db, get_shared
from shop.services import create_order, write_notification, write_notification_in
from shop.services.payments import label

router = APIRouter()


@router.get("/orders")
async def list_orders(client: Prisma = Depends(get_db)) -> list:
    return await client.order.find_many()


@router.get("/shared")
async def list_shared(client: Prisma = Depends(get_shared)) -> list:
    await ensure_connected()
    return await client.order.find_many()


@router.post("/orders")
async def place_order(token: str, amount: int) -> dict:
    user_id = await authenticate_user(token)
    async with db.tx() as tx:
        order = await create_order(amount)  # PC201
        await write_notification(user_id, "order placed")  # PC202
        await write_notification_in(tx, user_id, label(amount))
        await tx.order.create(data={"user_id": user_id, "amount": amount})
    return order


@router.get("/orders/{order_id}")
async def get_order(order_id: str):
    return await load_order(order_id)
