from fastapi import FastAPI

from app.db import db
from app.repos import Services, Unit

app = FastAPI()
services = Services(db)


@app.post("/notes")
async def add_note(text: str):
    async with db.tx() as tx:
        n = await services.notes.count()  # PC202
        unit = Unit(tx)
        m = await unit.tags.count()
        await tx.note.create(data={"text": f"{text} {n} {m}"})
