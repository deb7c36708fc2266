import { NextResponse } from "next/server";

// a class of another package imported on demand: no client
export async function GET() {
  const { Pool } = await import("undici");
  const pool = new Pool("https://example.com");
  await pool.close();
  return NextResponse.json({ ok: true });
}
