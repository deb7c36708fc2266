from fastapi import APIRouter, Depends
from prisma import Prisma
from app.db import get_db
from app.services.orders import place

router = APIRouter()


@router.post("/orders")
async def create(user_id: str, client: Prisma = Depends(get_db)):
    return await place(client, user_id)
