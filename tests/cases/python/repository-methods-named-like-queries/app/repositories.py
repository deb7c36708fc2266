from app.db import db


class BillRepository:
    """Methods named like Prisma's: the body decides, not the name."""

    def __init__(self, model: str):
        self.model = model

    async def find_many(self, where, tx):
        return await tx.bill.find_many(where=where)

    async def count(self, where):
        return await db.bill.count(where=where)
