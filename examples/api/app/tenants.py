from prisma import Prisma


async def active_users_per_tenant(tenant_urls: dict[str, str]) -> dict[str, int]:
    """Counts users in each enterprise tenant's own database (admin dashboard)."""
    counts: dict[str, int] = {}
    for slug, url in tenant_urls.items():
        client = Prisma(datasource={"url": url})  # PC106: a query engine and pool per tenant, per call
        await client.connect()
        counts[slug] = await client.user.count()
        await client.disconnect()
    return counts
