from prisma import Prisma


class NoteRepo:
    def __init__(self, client: Prisma):
        self.client = client

    async def count(self) -> int:
        return await self.client.note.count()


class TagRepo:
    def __init__(self, client: Prisma):
        self.client = client

    async def count(self) -> int:
        return await self.client.tag.count()


class Services:
    """A hand-wired container: each repository gets the client the container is built with."""

    def __init__(self, client: Prisma):
        self.notes = NoteRepo(client)


class Unit:
    """The look-alike: only ever built with the transaction's client."""

    def __init__(self, client: Prisma):
        self.tags = TagRepo(client)
