from fastapi import APIRouter, Depends

from ..core.database import get_db, prisma
from ..services import billing
from ..services.billing import BillingService, get_billing

router = APIRouter()


@router.get("/users")
def list_users(db=Depends(get_db)):
    return db.user.find_many()


@router.post("/users/{uid}/close")
async def close(uid: str, svc: BillingService = Depends(get_billing)):
    async with prisma.tx() as tx:
        await tx.user.update(where={"id": uid}, data={"closed": True})
        BillingService.invoice(uid)  # PC201
        await BillingService.usage(uid)  # PC202
        billing.BillingService.invoice(uid)  # PC201
        svc.invoice(uid)  # PC201
        note = svc.label(uid) + BillingService.label(uid)
        await tx.user.update(where={"id": uid}, data={"note": note})
    svc.invoice(uid)
    return {}
