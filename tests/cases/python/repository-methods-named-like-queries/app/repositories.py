from app.db import db


class BillRepository:
    """Methods named like Prisma's: the body decides, not the name."""

    def __init__(self, model: str):
        self.model = model

    async def find_many(self, where, tx):
        return await tx.bill.find_many(where=where)

    async def count(self, where):
        return await db.bill.count(where=where)


async def open_bills(company_id: int, tx=None):
    """The transaction's client when given, the shared one when not."""
    return await (tx or db).bill.find_many(where={"company_id": company_id, "paid": False})


async def unpaid_total(company_id: int, tx=None):
    client = tx if tx is not None else db
    return await client.bill.count(where={"company_id": company_id})
