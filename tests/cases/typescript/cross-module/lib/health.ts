import { prisma } from "./prisma";

export async function checkDatabase(): Promise<boolean> {
  await prisma.$connect(); // PC105
  return true;
}

export async function resetPool(): Promise<void> {
  await prisma.$disconnect(); // PC104
}

// reached only from the health-check route, where connecting is the check itself: silent
export async function pingDatabase(): Promise<boolean> {
  await prisma.$connect();
  return true;
}
