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

// reached from the health-check route directly and from /users through `prepare`: the
// ordinary route decides, however near the health route is
export async function ensureConnected(): Promise<void> {
  await prisma.$connect(); // PC105
}

export async function prepare(): Promise<void> {
  await ensureConnected();
}
