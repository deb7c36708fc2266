import { prisma } from "@acme/prisma";

export async function listUsers() {
  return prisma.user.findMany();
}
