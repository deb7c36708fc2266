from fastapi import FastAPI

from app.db import db
from app.repos import make_held_repo, make_repo
from app.wiring import repo

app = FastAPI()


@app.post("/notes")
async def add_note(text: str):
    async with db.tx() as tx:
        n = await repo.count()  # PC202
        label = repo.name()
        own = make_repo(tx)
        m = await own.count()
        k = await make_repo(db).count()  # PC202
        j = await make_repo(tx).count()
        j += await make_held_repo(db).count()  # PC202
        j += await make_held_repo(tx).count()
        await tx.note.create(data={"text": f"{label} {text} {n + m + k + j}"})
