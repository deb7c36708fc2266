import { PrismaClient } from "@prisma/client";
import { NextResponse } from "next/server";
import { prisma } from "@/lib/prisma";

export async function GET() {
  const db = new PrismaClient(); // PC101: a new pool (and query engine) for every request
  const users = await db.user.findMany({ orderBy: { createdAt: "desc" }, take: 50 });
  return NextResponse.json(users);
}

export async function POST(request: Request) {
  const { email, name } = (await request.json()) as { email: string; name?: string };
  // correct: the shared client from lib/prisma.ts
  const user = await prisma.user.create({ data: { email, name } });
  return NextResponse.json(user, { status: 201 });
}
