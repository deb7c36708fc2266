class TagRepository:
    """Only ever built on the transaction's client."""

    def __init__(self, client):
        self.client = client

    async def tags(self, user_id: str):
        return await self.client.tag.count(where={"user_id": user_id})
