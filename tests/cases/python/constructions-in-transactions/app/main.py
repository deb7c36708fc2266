from fastapi import FastAPI

from app.db import db
from app.tags import TagRepository

app = FastAPI()


@app.post("/users/{user_id}/tags")
async def add_tag(user_id: str, name: str):
    async with db.tx() as tx:
        n = await TagRepository(db).tags(user_id)  # PC202
        m = await TagRepository(tx).tags(user_id)
        shared = TagRepository(db)
        k = await shared.tags(user_id)  # PC202
        own = TagRepository(tx)
        j = await own.tags(user_id)
        label = TagRepository(db).label()
        await TagRepository(client=db).tags(user_id)  # PC202
        await TagRepository(client=tx).tags(user_id)
        await tx.tag.create(data={"user_id": user_id, "name": f"{label}{name}{n + m + k + j}"})
