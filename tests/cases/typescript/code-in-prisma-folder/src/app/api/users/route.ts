import { prisma } from "../../../lib/prisma/client";

export async function GET() {
  return Response.json(await prisma.user.findMany());
}
