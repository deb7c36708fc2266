import { PrismaClient } from "./generated/client";
import { PrismaPg } from "@prisma/adapter-pg";

const connectionString = process.env.DATABASE_URL!;
let prisma: PrismaClient;
if (connectionString.startsWith("prisma+")) {
  prisma = new PrismaClient({ accelerateUrl: connectionString });
} else {
  const adapter = new PrismaPg({ connectionString });
  prisma = new PrismaClient({ adapter });
}

async function main() {
  await prisma.user.findMany();
}

main()
  .then(() => prisma.$disconnect())
  .catch(async (e) => { console.error(e); await prisma.$disconnect(); process.exit(1); });
