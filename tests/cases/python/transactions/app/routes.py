from datetime import datetime, timedelta, timezone

import requests
from fastapi import APIRouter

from app.db import db

router = APIRouter()


@router.post("/orders/{order_id}/ship")
async def ship_order(order_id: str):
    async with db.tx(timeout=timedelta(seconds=30)) as tx:  # PC203
        order = await tx.order.update(where={"id": order_id}, data={"status": "SHIPPED"})
        requests.post("https://carrier.example.com", json={"order": order_id}, timeout=20)  # PC201
        await db.user.update(where={"id": order.userId}, data={"lastOrderAt": datetime.now(timezone.utc)})  # PC202
    return order


@router.post("/orders/{order_id}/pay")
async def pay_order(order_id: str):
    # a short transaction through tx only, default timeout: silent
    async with db.tx() as tx:
        order = await tx.order.update(where={"id": order_id}, data={"status": "PAID"})
        await tx.user.update(where={"id": order.userId}, data={"lastOrderAt": datetime.now(timezone.utc)})
    requests.post("https://carrier.example.com", json={"order": order_id}, timeout=20)  # after it: silent
    return order
