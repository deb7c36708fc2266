import { prisma } from "@acme/prisma";

export async function sync() {
  return prisma.job.findMany();
}
