from fastapi import APIRouter

from app.clients.carrier import book_pickup, get_client, refund, track
from app.clients.labels import carrier_ready, label_for, make_label
from app.db import db

router = APIRouter()


@router.post("/orders/{order_id}/ship")
async def ship_order(order_id: str, charge: str):
    async with db.tx() as tx:
        order = await tx.order.update(where={"id": order_id}, data={"status": "SHIPPED"})
        await book_pickup(order_id)  # PC201
        await refund(charge)  # PC201
        await track(order_id)  # PC201
        await get_client().post("/notify", json={"order": order_id})  # PC201
        label = label_for(order_id) + make_label("x").render()
        ready = carrier_ready()
        await tx.order.update(where={"id": order_id}, data={"label": label, "ready": ready})
    await book_pickup(order_id)
    return order
