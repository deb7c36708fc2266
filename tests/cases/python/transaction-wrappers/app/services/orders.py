import requests
from fastapi import APIRouter

from app.db import db, in_tx, logged, transaction, unit_of_work
from app.payments import charge_card, format_cents, record_audit, record_audit_in

router = APIRouter()


@router.post("/orders")
async def place_order(user_id: str, cents: int):
    async with transaction() as tx:
        order = await tx.order.create(data={"userId": user_id, "cents": cents})
        await charge_card(order.id, cents)  # PC201
        await record_audit("order.placed")  # PC202
        await record_audit_in(tx, "order.audited")
        label = format_cents(cents)
    return {"order": order.id, "label": label}


@router.post("/orders/{order_id}/refund")
async def refund_order(order_id: str):
    async with unit_of_work() as tx:
        await tx.order.update(where={"id": order_id}, data={"refunded": True})
        requests.post("https://pay.example.com/refunds", json={"order": order_id}, timeout=10)  # PC201
        await db.user.update(where={"id": order_id}, data={"refunds": {"increment": 1}})  # PC202
    return {"ok": True}


async def _cancel(tx, order_id: str):
    await tx.order.delete(where={"id": order_id})
    await record_audit("order.cancelled")  # PC202


@router.delete("/orders/{order_id}")
async def cancel_order(order_id: str):
    await in_tx(lambda tx: _cancel(tx, order_id))
    return {"ok": True}


async def _ship(tx):
    await tx.order.update_many(where={"shipped": False}, data={"shipped": True})
    await charge_card("batch", 0)  # PC201
    requests.post("https://carrier.example.com/batch", timeout=10)  # PC201
    await db.user.update_many(where={}, data={"shipped": True})  # PC202


@router.post("/orders/ship")
async def ship_orders():
    await in_tx(_ship)
    return {"ok": True}


async def _list(client):
    await client.order.find_many()
    await charge_card("list", 0)
    requests.get("https://carrier.example.com/list", timeout=10)


@router.get("/orders")
async def list_orders():
    # look-alike: logged() opens no transaction
    return await logged(_list)
