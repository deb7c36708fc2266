from prisma import Prisma
from app.db import db
from app.services.notify import push


async def audit(user_id: str) -> None:
    await db.auditlog.create(data={"userId": user_id})


async def place(client: Prisma, user_id: str):
    async with client.tx() as tx:
        order = await tx.order.create(data={"userId": user_id})
        await push(user_id)  # PC201
        await audit(user_id)  # PC202 -- the client get_db hands the route is this db: E
        return order
