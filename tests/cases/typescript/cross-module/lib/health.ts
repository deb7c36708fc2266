import { prisma } from "./prisma";

export async function checkDatabase(): Promise<boolean> {
  await prisma.$connect(); // PC105
  return true;
}

export async function resetPool(): Promise<void> {
  await prisma.$disconnect(); // PC104
}
