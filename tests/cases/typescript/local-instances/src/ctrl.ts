import { prisma } from "./db"
export class Ctrl {
  async list(req: any, reply: any) { await prisma.$disconnect(); return reply.send(1) } // PC104
  async one(req: any, reply: any) { await prisma.$disconnect(); return reply.send(2) } // PC104
}
