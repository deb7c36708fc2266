import { prisma } from "@/lib/prisma";

export async function GET() {
  await prisma.$connect(); // PC105
  try {
    return Response.json(await prisma.order.findMany());
  } finally {
    await prisma.$disconnect(); // PC104
  }
}

export async function DELETE() {
  // no $connect/$disconnect: silent
  return Response.json(await prisma.order.deleteMany({ where: { status: "DRAFT" } }));
}
