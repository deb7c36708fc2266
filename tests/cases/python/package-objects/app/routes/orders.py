import asyncio

from fastapi import APIRouter

from app.db import db
from app.services import orders
from app.services.notify import charge, headline, notify_user, summarize, sync_notify, through_getter, via_module

router = APIRouter()


@router.post("/orders")
async def create(uid: str) -> dict:
    async with db.tx() as tx:
        await tx.order.create(data={"uid": uid, "title": headline("new order")})
        await orders.place(uid)  # PC201
        sync_notify(uid)  # PC201
        await summarize("order")  # PC201
        await via_module(uid)  # PC201
        charge(10)  # PC201
        await through_getter(uid)  # PC201
        asyncio.create_task(notify_user(uid))
    await orders.place(uid)
    return {}
