import { ensureConnected, pingDatabase } from "@/lib/health";

export async function GET(): Promise<Response> {
  await ensureConnected();
  return Response.json({ ok: await pingDatabase() });
}
