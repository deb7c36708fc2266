import asyncio

from fastapi import FastAPI

from app.db import db
from app.lookups import users_by_id

app = FastAPI()


@app.post("/users")
async def users(ids: list[str]):
    return await asyncio.gather(*[db.user.find_unique(where={"id": i}) for i in ids])  # PC205


@app.post("/users/checked")
async def users_checked(ids: list[str]):
    return await asyncio.gather(*(db.user.find_unique(where={"id": i}) for i in ids), return_exceptions=True)  # PC205


@app.post("/users/helper")
async def users_helper(ids: list[str]):
    return await users_by_id(ids)


# look-alikes: one batched query, a fan-out of no queries, a fixed pair of queries
@app.post("/users/batched")
async def users_batched(ids: list[str]):
    return await db.user.find_many(where={"id": {"in": ids}})


@app.post("/pause")
async def pause(ids: list[str]):
    return await asyncio.gather(*[asyncio.sleep(0) for _ in ids])


@app.get("/counts")
async def counts():
    return await asyncio.gather(db.user.count(), db.post.count())
