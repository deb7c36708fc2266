from prisma import Prisma

shared = Prisma()


async def active_users_per_tenant(tenant_urls: dict[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for slug, url in tenant_urls.items():
        client = Prisma(datasource={"url": url})  # PC106
        await client.connect()
        counts[slug] = await client.user.count()
        await client.disconnect()
    # queries on one shared client in a loop: silent
    for slug in tenant_urls:
        counts[slug] += await shared.user.count(where={"tenant": slug})
    return counts


_clients: dict[str, Prisma] = {}


async def invoices_per_tenant(tenant_urls: dict[str, str]) -> dict[str, int]:
    # a bounded cache keyed by tenant (the fix): silent
    counts: dict[str, int] = {}
    for slug, url in tenant_urls.items():
        client = _clients.get(url)
        if client is None:
            client = Prisma(datasource={"url": url})
            await client.connect()
            _clients[url] = client
        counts[slug] = await client.invoice.count()
    return counts
