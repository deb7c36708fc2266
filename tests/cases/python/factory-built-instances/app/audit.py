from app.db import db


class AuditLog:
    def __init__(self, client, label):
        self.client = client
        self.label = label

    async def entries(self) -> int:
        return await self.client.audit.count()


def audit_log(label, client):
    return AuditLog(client, label)


shared_log = audit_log("shared", client=db)


async def record(text: str):
    async with db.tx() as tx:
        await shared_log.entries()  # PC202
        await audit_log("tx", tx).entries()
        await tx.audit.create(data={"text": text})
