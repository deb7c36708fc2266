class TagRepository:
    def __init__(self, client):
        self.client = client

    async def tags(self, user_id: str) -> int:
        return await self.client.tag.count(where={"user_id": user_id})

    def label(self) -> str:
        return "tags"
