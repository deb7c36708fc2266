import { prisma } from "../lib/prisma";
import { cachedClientFor, clientFor, countUsers, reportingClient, tenantCount, tenantUrls } from "../lib/tenants";

export async function nightly(): Promise<void> {
  const tenants = await prisma.tenant.findMany();
  for (const tenant of tenants) {
    const db = clientFor(tenant.databaseUrl);
    await db.invoice.updateMany({ data: { late: true } });
    await tenantCount(tenant.slug);
    const cached = cachedClientFor(tenant.id, tenant.databaseUrl);
    await cached.invoice.count();
  }
  await Promise.all(tenants.map((tenant) => countUsers(tenant.databaseUrl)));
  for (const url of await tenantUrls()) {
    console.log(url);
  }
  const reporting = reportingClient();
  await reporting.report.create({ data: { at: new Date() } });
}
