from fastapi import APIRouter

from app.lookalike.atomic import transaction
from app.payments import charge_card, record_audit

router = APIRouter()


@router.get("/reports")
async def monthly_report(user_id: str):
    # the look-alike `transaction()` only yields the shared client: nothing holds a transaction
    async with transaction() as tx:
        orders = await tx.order.find_many(where={"userId": user_id})
        await charge_card(user_id, len(orders))
        await record_audit("report")
    return orders
