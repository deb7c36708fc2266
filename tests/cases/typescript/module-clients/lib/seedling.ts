// a module whose name only starts like "seed" is server code: its own client is PC103
import { PrismaClient } from "@prisma/client";

export const plants = new PrismaClient(); // PC103
