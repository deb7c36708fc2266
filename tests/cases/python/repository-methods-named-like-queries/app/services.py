from app.db import db
from app.repositories import BillRepository, open_bills, unpaid_total


class BillService:
    def __init__(self):
        self.bills = BillRepository("bill")

    async def pay(self, company_id: int):
        async with db.tx() as tx:
            due = await self.bills.find_many({"company_id": company_id}, tx)
            n = await self.bills.count({"company_id": company_id})  # PC202
            await open_bills(company_id)  # PC202
            await open_bills(company_id, tx)
            await unpaid_total(company_id)  # PC202
            await unpaid_total(company_id, tx=tx)
            await tx.payment.create(data={"company_id": company_id, "n": n, "due": len(due)})
