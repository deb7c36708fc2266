from fastapi import FastAPI

from app.db import db
from app.repositories import NoteRepository
from app.tags import TagRepository

app = FastAPI()
notes = NoteRepository(db)


@app.post("/users/{user_id}/notes")
async def add_note(user_id: str, text: str):
    async with db.tx() as tx:
        n = await notes.count_notes(user_id)  # PC202
        label = notes.describe()
        tags = TagRepository(tx)
        await tags.tags(user_id)
        await tx.note.create(data={"user_id": user_id, "text": f"{label} {text} {n}"})
