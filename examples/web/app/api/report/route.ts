import { NextResponse } from "next/server";
import { prisma } from "@/lib/prisma";

export async function POST(request: Request) {
  const { userIds } = (await request.json()) as { userIds: string[] };
  // PC205 (opt-in): one query per id, all at once; a long list queues for the pool until P2024
  const users = await Promise.all(userIds.map(async (id) => prisma.user.findUnique({ where: { id } })));
  return NextResponse.json(users);
}

// correct: one query with `in`, however many ids arrive
export async function GET(request: Request) {
  const ids = new URL(request.url).searchParams.getAll("id");
  const users = await prisma.user.findMany({ where: { id: { in: ids } } });
  return NextResponse.json(users);
}
