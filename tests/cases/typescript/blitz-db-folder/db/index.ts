// Blitz keeps the client beside its schema in db/ (package.json "prisma": {"schema":
// "db/schema.prisma"}): the folder is the app's, and `blitz dev` (Next.js) reloads it
import { PrismaClient } from "@prisma/client"
const prisma = new PrismaClient() // PC102
export default prisma
