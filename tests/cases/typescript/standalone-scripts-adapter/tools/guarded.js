// run as `node tools/guarded.js`: JavaScript's `if __name__ == "__main__"`
const { PrismaClient } = require("@prisma/client");
const { PrismaPg } = require("@prisma/adapter-pg");
const { Pool } = require("pg");

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  await prisma.search.deleteMany();
  await prisma.$disconnect();
}

if (require.main === module) {
  main().catch(() => process.exit(1));
}
