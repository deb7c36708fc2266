import { cleanup } from "../../../jobs/cleanup";

export async function POST() {
  await cleanup();
  return Response.json({ ok: true });
}
