import stripe

from app.db import db


class Payments:
    _instance = None

    @classmethod
    def get_instance(cls):
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    async def charge(self, amount: int):
        return await stripe.Charge.create_async(amount=amount, currency="usd")


class Ledger:
    _instance = None

    @staticmethod
    def get_instance():
        if Ledger._instance is None:
            Ledger._instance = Ledger()
        return Ledger._instance

    async def record(self, tx, amount: int):
        return await tx.ledgerentry.create(data={"amount": amount})

    async def total(self) -> int:
        return await db.ledgerentry.count()
