from fastapi import APIRouter

from app.db import prisma
from app.services.payments import gateway, record

router = APIRouter()


@router.post("/pay")
async def pay(user_id: str, amount: int) -> dict:
    async with prisma.tx() as tx:
        await tx.user.update(where={"id": user_id}, data={"paid": True})
        await gateway.charge(amount)  # PC201
        gateway.receipt(user_id, b"ok")  # PC201
        gateway.remember(user_id, amount)
        await record(user_id)  # PC202
    await gateway.charge(amount)
    return {"ok": True}
