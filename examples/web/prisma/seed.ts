import { PrismaClient } from "@prisma/client";

// correct: a seed script creates its own client and disconnects when it is done
const prisma = new PrismaClient();

async function main() {
  const acme = await prisma.tenant.upsert({
    where: { slug: "acme" },
    update: {},
    create: { slug: "acme", name: "Acme Inc." },
  });
  await prisma.user.upsert({
    where: { email: "ada@acme.example" },
    update: {},
    create: { email: "ada@acme.example", name: "Ada", tenantId: acme.id },
  });
}

main()
  .catch((error) => {
    console.error(error);
    process.exit(1);
  })
  .finally(() => prisma.$disconnect());
