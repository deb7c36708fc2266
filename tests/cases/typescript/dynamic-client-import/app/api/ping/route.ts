import { NextResponse } from "next/server";

export async function GET() {
  const { PrismaClient } = await import("@prisma/client");
  const testDb = new PrismaClient(); // PC101
  await testDb.user.count();
  return NextResponse.json({ ok: true });
}
