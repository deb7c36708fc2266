import { PrismaClient } from "@prisma/client"
export class Repo {
  async list() { const p = new PrismaClient(); return p.mega.findMany() } // PC101
}
