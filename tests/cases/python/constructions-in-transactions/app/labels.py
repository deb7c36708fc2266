from app.db import db


class LabelStore:
    def __init__(self, client):
        self.client = client

    async def count(self) -> int:
        return await self.client.label.count()

    def kind(self) -> str:
        return "label"


async def relabel(name: str):
    async with db.tx() as tx:
        await LabelStore(db).count()  # PC202
        await LabelStore(tx).count()
        store = LabelStore(tx)
        await store.count()
        mine = LabelStore(db)
        await mine.count()  # PC202
        await tx.label.create(data={"name": name, "kind": mine.kind()})
