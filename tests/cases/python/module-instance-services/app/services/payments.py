import stripe


class PaymentService:
    def __init__(self, client):
        self.client = client

    async def charge(self, amount: int):
        return stripe.PaymentIntent.create(amount=amount, currency="usd")

    async def record(self, tx, amount: int):
        await tx.payment.create(data={"amount": amount})

    def label(self, amount: int) -> str:
        return f"${amount / 100:.2f}"

    async def total(self):
        return await self.client.payment.count()
