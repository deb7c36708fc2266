from fastapi import FastAPI

from app.db import db
from app.repo import UserRepo, users

app = FastAPI()


@app.post("/users")
async def count_users():
    async with db.tx() as tx:
        n = await users.count()  # PC202
        m = await UserRepo(tx).count()
        k = await UserRepo().count()  # PC202
        await tx.user.create(data={"n": n + m + k})
