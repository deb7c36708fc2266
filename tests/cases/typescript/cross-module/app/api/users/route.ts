import { getDb, getPrisma, reporting, withDb } from "@/lib/db";
import { checkDatabase, prepare, resetPool } from "@/lib/health";

export async function GET(): Promise<Response> {
  await checkDatabase();
  const users = await getDb().user.findMany();
  const count = await withDb((db) => db.user.count());
  const again = await getPrisma().user.count();
  const reports = await reporting.report.count();
  return Response.json({ users, count, again, reports });
}

export async function DELETE(): Promise<Response> {
  await resetPool();
  return new Response(null, { status: 204 });
}

export async function POST(req: Request): Promise<Response> {
  await prepare();
  return Response.json(await req.json());
}
