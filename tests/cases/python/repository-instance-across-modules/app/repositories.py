class NoteRepository:
    """Handed its client by the module that builds it: the class's own module never names it."""

    def __init__(self, client):
        self.client = client

    async def count_notes(self, user_id: str) -> int:
        return await self.client.note.count(where={"user_id": user_id})

    def describe(self) -> str:
        return "notes"

