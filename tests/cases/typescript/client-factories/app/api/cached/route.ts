import { getAuditDb, getReportsDb } from "../../../lib/cached/clients";

export async function GET() {
  const reports = await getReportsDb().user.count();
  const audits = await getAuditDb().user.count();
  return Response.json({ reports, audits });
}
