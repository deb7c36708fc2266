from fastapi import APIRouter, Depends
from prisma import Prisma
from prisma.models import User
from pydantic import BaseModel

from app.db import db

router = APIRouter(prefix="/users", tags=["users"])


class NewUser(BaseModel):
    email: str
    name: str | None = None


async def get_db():
    client = Prisma()  # PC101: Depends() runs this per request, starting a query engine each time
    await client.connect()
    try:
        yield client
    finally:
        await client.disconnect()


@router.get("/{user_id}")
async def get_user(user_id: str, client: Prisma = Depends(get_db)) -> User | None:
    return await client.user.find_unique(where={"id": user_id})


@router.get("/")
async def list_users() -> list[User]:
    async with Prisma() as client:  # PC101: one finding for the construction and its connect
        return await client.user.find_many(take=50, order={"email": "asc"})


@router.post("/", status_code=201)
async def create_user(body: NewUser) -> User:
    # correct: the shared client, connected once in the lifespan
    return await db.user.create(data={"email": body.email, "name": body.name})
