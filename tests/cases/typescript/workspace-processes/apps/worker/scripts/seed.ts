import { PrismaClient } from "@prisma/client";

// A seed builds its own client and exits: not a second pool of the worker.
const prisma = new PrismaClient();

async function main() {
  await prisma.user.create({ data: { email: "a@example.com" } });
}

main();
