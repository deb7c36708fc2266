import { PrismaClient } from "@prisma/client";
export const replicaDb = new PrismaClient({ datasourceUrl: process.env.REPLICA_URL }); // PC103
