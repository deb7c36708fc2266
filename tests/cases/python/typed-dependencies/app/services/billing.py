import requests

from ..core.database import prisma


class BillingService:
    @staticmethod
    def invoice(user_id: str) -> None:
        requests.post("https://billing.example.com/invoices", json={"user": user_id}, timeout=5)

    @classmethod
    async def usage(cls, user_id: str) -> int:
        return await prisma.usage.count(where={"user_id": user_id})

    @staticmethod
    def label(user_id: str) -> str:
        return f"invoice for {user_id}"


def get_billing() -> BillingService:
    return BillingService()
