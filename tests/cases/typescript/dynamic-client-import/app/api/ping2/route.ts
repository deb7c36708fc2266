import { NextResponse } from "next/server";

export async function GET() {
  const mod = await import("@prisma/client");
  const testDb = new mod.PrismaClient(); // PC101
  await testDb.user.count();
  return NextResponse.json({ ok: true });
}
