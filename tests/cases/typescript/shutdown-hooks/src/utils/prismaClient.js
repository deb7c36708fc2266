import { PrismaClient } from '@prisma/client'

let prisma

// Memoised: the hooks are registered once, and run once, as the process ends
export function getPrismaClient() {
  if (!prisma) {
    prisma = new PrismaClient()
    process.on('SIGINT', async () => {
      await prisma.$disconnect()
      process.exit(0)
    })
    process.once('SIGTERM', async () => {
      await prisma.$disconnect()
      process.exit(0)
    })
    process.on('beforeExit', () => prisma.$disconnect())
  }
  return prisma
}

// Called per request: the disconnect runs per request
export async function closeAfter(work) {
  try {
    return await work(getPrismaClient())
  } finally {
    await getPrismaClient().$disconnect() // PC104
  }
}
