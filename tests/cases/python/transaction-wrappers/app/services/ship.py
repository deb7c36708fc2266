import requests

from app.db import in_tx


async def _ship(tx):
    await tx.order.update_many(where={"shipped": False}, data={"shipped": True})
    requests.post("https://carrier.example.com/batch", timeout=10)  # PC201 -- the only transaction of the file: in_tx runs _ship with tx


async def ship_all():
    await in_tx(_ship)
