import type { Prisma } from "@prisma/client";
import { injectable } from "tsyringe";
import { Service } from "typedi";
import { prisma } from "./db";

@injectable()
export class UserRepository {
  async find(id: number) {
    return prisma.user.findUnique({ where: { id } });
  }
  async findWith(tx: Prisma.TransactionClient, id: number) {
    return tx.user.findUnique({ where: { id } });
  }
}

@Service()
export class AuditRepository {
  async count() {
    return prisma.user.count();
  }
}
