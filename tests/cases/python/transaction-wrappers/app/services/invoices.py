from app.db import db, in_tx
from app.payments import charge_card, format_cents


async def _settle(client):
    await client.invoice.update_many(where={"paid": False}, data={"paid": True})
    await charge_card("invoices", 1)  # PC201
    await db.user.update_many(where={}, data={"billed": True})  # PC202
    format_cents(1)


async def settle_all():
    await in_tx(_settle)


async def _remind(conn):
    await conn.invoice.find_many()


async def remind_all():
    await in_tx(lambda conn: _remind(conn))
    await charge_card("after", 0)
