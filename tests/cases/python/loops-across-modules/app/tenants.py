from prisma import Prisma

from .db import db

_clients: dict[str, Prisma] = {}


async def connect_tenant(url: str) -> Prisma:
    client = Prisma(datasource={"url": url})  # PC106
    await client.connect()
    return client


def client_for(url: str) -> Prisma:
    return Prisma(datasource={"url": url})  # PC106


async def cached_client(url: str) -> Prisma:
    # a bounded cache keyed by tenant (the fix): silent
    client = _clients.get(url)
    if client is None:
        client = Prisma(datasource={"url": url})
        await client.connect()
        _clients[url] = client
    return client


def reporting_client() -> Prisma:
    # called once, outside any loop: silent
    return Prisma(datasource={"url": "postgresql://reporting"})


async def tenant_count(slug: str) -> int:
    # a loop calls it, but it only queries the shared client: silent
    return await db.user.count(where={"tenant": slug})


async def tenant_urls() -> list[str]:
    # builds a client, but the loops only iterate over its result (evaluated once): silent
    admin = Prisma()
    await admin.connect()
    rows = await admin.tenant.find_many()
    await admin.disconnect()
    return [r.url for r in rows]
