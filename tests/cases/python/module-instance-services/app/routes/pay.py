from fastapi import APIRouter, Header

from app.db import db
from app.services.payments import PaymentService

router = APIRouter()
payments = PaymentService(db)


@router.post("/pay")
async def pay(amount: int, authorization: str = Header()):
    # a module instance of another module's class: its methods are followed into that module
    async with db.tx() as tx:
        await payments.record(tx, amount)
        await payments.charge(amount)  # PC201
        await payments.total()  # PC202
        label = payments.label(amount)
    return {"label": label}
