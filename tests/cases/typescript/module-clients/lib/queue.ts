// another class from a project path is not a Prisma client; a PrismaClient type alone
// builds nothing: silent
import { Client } from "../generated/client/index.js";
import type { PrismaClient } from "./prisma-types";

export const queue = new Client();

export function count(db: PrismaClient) {
  return db.user.count();
}
