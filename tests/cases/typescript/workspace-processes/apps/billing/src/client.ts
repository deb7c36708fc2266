import { PrismaClient } from "@acme/prisma/client";

// Its own client, built from the package's generated classes only: the package's shared
// client is never loaded in this process (only its types are imported).
export const prisma = new PrismaClient();
