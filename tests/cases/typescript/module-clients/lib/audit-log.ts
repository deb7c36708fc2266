// a client imported from the generator's output folder (`output = "../generated/client"`,
// no "prisma" in the path) is a Prisma client: a second module-level one is PC103
import { PrismaClient } from "../generated/client/index.js";

export const auditDb = new PrismaClient(); // PC103
