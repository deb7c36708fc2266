from typing import Annotated

from fastapi import APIRouter, Depends

from app.services.billing import billing
from app.services.users import RateLimiter, SharedUsers, UserService

router = APIRouter()
limiter = RateLimiter()


@router.get("/users", dependencies=[Depends(limiter)])
async def list_users(users: UserService = Depends(UserService)) -> list[str]:
    return await users.names()


@router.get("/count")
async def count_users(users: Annotated[SharedUsers, Depends()]) -> int:
    return await users.count()


@router.post("/charge")
async def charge(org: str, amount: int) -> None:
    await billing.charge(org, amount)
