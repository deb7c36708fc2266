import { prisma } from "./db"

export class Svc {
  async list() { const r = await prisma.mega.findMany(); await prisma.$disconnect(); return r } // PC104
  async log() { return prisma.mega.create({ data: { conc: 1 } }) }
  // reached only through the look-alikes of src/lookalikes.ts: it must stay silent
  async drop() { await prisma.$disconnect() }
}
