from datetime import datetime, timedelta, timezone

import requests
from fastapi import APIRouter
from prisma.models import Order

from app.db import db

router = APIRouter(prefix="/orders", tags=["orders"])
CARRIER_URL = "https://carrier.example.com/v1/shipments"


@router.get("/recent")
async def recent_orders() -> list[Order]:
    await db.connect()  # PC105: races other requests; the lifespan already connected
    return await db.order.find_many(order={"createdAt": "desc"}, take=20)


@router.get("/{order_id}")
async def get_order(order_id: str) -> Order | None:
    if not db.is_connected():  # correct: guarded, a no-op once the lifespan has connected
        await db.connect()
    return await db.order.find_unique(where={"id": order_id})


@router.delete("/{order_id}")
async def cancel_order(order_id: str) -> Order | None:
    try:
        return await db.order.update(where={"id": order_id}, data={"status": "CANCELLED"})
    finally:
        await db.disconnect()  # PC104: closes the shared client for every request in flight


@router.post("/{order_id}/ship")
async def ship_order(order_id: str) -> Order | None:
    async with db.tx(timeout=timedelta(seconds=30)) as tx:  # PC203: pins a connection for up to 30 s
        order = await tx.order.update(where={"id": order_id}, data={"status": "SHIPPED"})
        requests.post(CARRIER_URL, json={"order": order_id}, timeout=20)  # PC201: HTTP call while the transaction holds its connection
        await db.user.update(where={"id": order.userId}, data={"lastOrderAt": datetime.now(timezone.utc)})  # PC202: outer client, outside the transaction
    return order


@router.post("/{order_id}/pay")
async def pay_order(order_id: str) -> Order | None:
    # correct: a short transaction that only uses `tx`, with the default timeout
    async with db.tx() as tx:
        order = await tx.order.update(where={"id": order_id}, data={"status": "PAID"})
        await tx.user.update(where={"id": order.userId}, data={"lastOrderAt": datetime.now(timezone.utc)})
    return order
