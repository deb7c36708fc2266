import { PrismaClient } from "@prisma/client";
import { Resource } from "sst";

// Every Lambda instance opens CPUs x 2 + 1 connections to the linked RDS database.
const url = `postgresql://${Resource.Db.username}:${Resource.Db.password}@${Resource.Db.host}:${Resource.Db.port}/${Resource.Db.database}`; // PC303

export const prisma = new PrismaClient({ datasources: { db: { url } } });
