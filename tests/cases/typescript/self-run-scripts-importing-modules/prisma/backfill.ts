// exports a pure planner for its test and runs main() only when executed directly
import { fileURLToPath } from "node:url";
import { PrismaClient } from "./generated/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { planSlots } from "../src/features/slots";

let _prisma: PrismaClient | undefined;
function getPrisma(): PrismaClient {
  if (!_prisma) {
    _prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });
  }
  return _prisma;
}

export function planBackfill(n: number): number[] {
  return planSlots(n).filter((i) => i % 2 === 0);
}

async function main() {
  for (const id of planBackfill(4)) await getPrisma().slot.create({ data: { id } });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main()
    .catch((e) => {
      console.error(e);
      process.exit(1);
    })
    .finally(() => getPrisma().$disconnect());
}
