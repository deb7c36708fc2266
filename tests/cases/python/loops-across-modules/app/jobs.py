import asyncio

from app import tenants
from app.tenants import cached_client, connect_tenant, reporting_client, tenant_count, tenant_urls


async def nightly(urls: dict[str, str]) -> None:
    for slug, url in urls.items():
        client = await connect_tenant(url)
        await client.invoice.update_many(where={}, data={"late": True})
        await client.disconnect()
        await tenant_count(slug)
        cached = await cached_client(url)
        await cached.invoice.count()
    counts = [await tenants.client_for(url).user.count() for url in urls.values()]
    reporting = reporting_client()
    await reporting.connect()
    print(counts)
    for url in await tenant_urls():
        print(url)
    print([url.upper() for url in await tenant_urls()])


if __name__ == "__main__":
    asyncio.run(nightly({}))
