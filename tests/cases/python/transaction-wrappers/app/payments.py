import httpx

from app.db import db


async def charge_card(order_id: str, cents: int) -> str:
    async with httpx.AsyncClient() as http:
        response = await http.post("https://pay.example.com/charges", json={"order": order_id, "cents": cents})
    return response.json()["id"]


async def record_audit(action: str) -> None:
    await db.auditlog.create(data={"action": action})


async def record_audit_in(tx, action: str) -> None:
    await tx.auditlog.create(data={"action": action})


def format_cents(cents: int) -> str:
    return f"${cents / 100:.2f}"
