from app.db import db
from app.repositories import BillRepository


class BillService:
    def __init__(self):
        self.bills = BillRepository("bill")

    async def pay(self, company_id: int):
        async with db.tx() as tx:
            due = await self.bills.find_many({"company_id": company_id}, tx)
            n = await self.bills.count({"company_id": company_id})  # PC202
            await tx.payment.create(data={"company_id": company_id, "n": n, "due": len(due)})
