from fastapi import FastAPI

from app.db import db
from app.services import make_note_service
from app.wiring import notes, tags

app = FastAPI()


@app.post("/notes")
async def add_note(text: str):
    async with db.tx() as tx:
        n = await notes.count_notes()  # PC202
        label = notes.label()
        own = make_note_service(tx)
        await own.count_notes()
        t = await tags["count_tags"]()  # PC202
        await own.add_note(f"{label} {text} {n + t}")
