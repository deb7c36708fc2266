import { pingDatabase } from "@/lib/health";

export async function GET(): Promise<Response> {
  return Response.json({ ok: await pingDatabase() });
}
