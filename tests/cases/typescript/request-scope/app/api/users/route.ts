import { PrismaClient } from "@prisma/client";
import { prisma } from "@/lib/prisma";

export async function GET() {
  const db = new PrismaClient(); // PC101
  return Response.json(await db.user.findMany());
}

export async function POST(request: Request) {
  prisma.$on("query", (e) => console.log(e.query)); // PC108
  const body = await request.json();
  // the shared client: silent
  return Response.json(await prisma.user.create({ data: body }));
}

// a helper named like a client factory but making none: silent
export function newPrismaClientOptions() {
  return { log: ["query"] };
}
