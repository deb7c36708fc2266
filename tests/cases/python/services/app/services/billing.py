from typing import Annotated

import httpx
from fastapi import Depends

from app.db import db


class PaymentGateway:
    async def create_charge(self, amount: int) -> dict:
        async with httpx.AsyncClient() as http:
            res = await http.post("https://pay.example.com/charges", json={"amount": amount})
        return res.json()

    def describe(self, amount: int) -> str:
        return f"{amount / 100:.2f} EUR"


class AuditLog:
    async def write(self, tx, text: str) -> None:
        await tx.audit.create(data={"text": text})


class SeatRepo:
    def __init__(self) -> None:
        self.db = db

    async def used(self, org: str) -> int:
        return await self.db.seat.count(where={"org": org})


class Billing:
    def __init__(self) -> None:
        self.payments = PaymentGateway()
        self.audit = AuditLog()
        self.seats = SeatRepo()

    async def charge(self, org: str, amount: int) -> None:
        async with db.tx() as tx:
            await self.payments.create_charge(amount)  # PC201
            await self.seats.used(org)  # PC202
            await self.audit.write(tx, self.payments.describe(amount))
            await tx.invoice.create(data={"org": org, "amount": amount})


billing = Billing()


class Checkout:
    """FastAPI-style injection: `__init__` takes the gateway as a class dependency."""

    def __init__(self, payments: Annotated[PaymentGateway, Depends(PaymentGateway)]) -> None:
        self.payments = payments

    async def pay(self, amount: int) -> None:
        async with db.tx() as tx:
            await self.payments.create_charge(amount)  # PC201
            await tx.invoice.create(data={"amount": amount, "label": self.payments.describe(amount)})
