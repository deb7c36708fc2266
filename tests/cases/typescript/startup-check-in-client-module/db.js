const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();

// checked once at start-up, not awaited
async function testConnection() {
  await prisma.$connect();
}
testConnection().catch((err) => console.warn(err.message));

module.exports = prisma;
