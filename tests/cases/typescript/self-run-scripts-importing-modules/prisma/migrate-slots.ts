// `tsx prisma/migrate-slots.ts --apply`: imports a pure helper of the app, runs main() and
// disconnects when it is done, so it is a one-off process, not a module of the app
import { PrismaClient } from "./generated/client";
import { PrismaPg } from "@prisma/adapter-pg";
import "dotenv/config";
import { planSlots } from "../src/features/slots";

const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });

async function main() {
  const apply = process.argv.includes("--apply");
  for (const id of planSlots(3)) {
    if (apply) await prisma.slot.create({ data: { id } });
  }
}

main()
  .catch((e) => {
    console.error(e);
    process.exit(1);
  })
  .finally(() => prisma.$disconnect());
