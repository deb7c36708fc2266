class UserRepo:
    """Built once in app/container.py with the shared client; a method takes `tx` or falls back to it."""

    def __init__(self, client):
        self.client = client

    async def count(self, tx=None) -> int:
        return await (tx or self.client).user.count()

    async def touch(self, tx=None) -> None:
        client = tx or self.client
        await client.user.update_many(data={})
