import { Injectable } from "@nestjs/common";
import { Prisma } from "@prisma/client";
import { PrismaService } from "./prisma.service";
@Injectable()
export class UnitOfWork {
  constructor(private readonly prisma: PrismaService) {}
  // a unit of work by what it does: it runs its callers' work as a transaction's body
  run<T>(work: (tx: Prisma.TransactionClient) => Promise<T>) {
    return this.prisma.$transaction((tx) => work(tx), { timeout: 30000 }); // PC203
  }
}
