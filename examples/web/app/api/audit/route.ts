import { NextResponse } from "next/server";
import { prisma } from "@/lib/prisma";

export async function POST(request: Request) {
  // PC108: every request adds one more listener to the shared client
  prisma.$on("query", (event) => console.log(`[audit] ${event.duration}ms ${event.query}`));
  const { action, actorId } = (await request.json()) as { action: string; actorId?: string };
  const entry = await prisma.auditLog.create({ data: { action, actorId } });
  return NextResponse.json(entry, { status: 201 });
}

// correct: a plain query on the shared client; listeners belong where the client is created
export async function GET() {
  const entries = await prisma.auditLog.findMany({ orderBy: { createdAt: "desc" }, take: 100 });
  return NextResponse.json(entries);
}
