from fastapi import APIRouter

from shop.auth import warm_up

router = APIRouter()


@router.get("/health")
async def health() -> dict:
    await warm_up()
    return {"ok": True}
