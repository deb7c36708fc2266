# Package clients kept on an object: an httpx client and an S3 client built in __init__,
# and look-alikes that do no I/O (a dict, a project class).
import boto3
import httpx

from app.db import prisma


class Ledger:
    def __init__(self) -> None:
        self.entries: list[int] = []

    def add(self, amount: int) -> None:
        self.entries.append(amount)


class Gateway:
    def __init__(self) -> None:
        self.http = httpx.AsyncClient(base_url="https://pay.example.com")
        self.s3 = boto3.client("s3")
        self.cache = dict()
        self.ledger = Ledger()

    async def charge(self, amount: int) -> dict:
        response = await self.http.post("/charges", json={"amount": amount})
        return response.json()

    def receipt(self, key: str, body: bytes) -> None:
        self.s3.put_object(Bucket="receipts", Key=key, Body=body)

    def remember(self, key: str, amount: int) -> None:
        self.cache.update({key: amount})
        self.ledger.add(amount)


gateway = Gateway()


async def record(user_id: str) -> None:
    await prisma.payment.create(data={"user_id": user_id})
