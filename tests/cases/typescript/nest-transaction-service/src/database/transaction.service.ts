import { Injectable } from "@nestjs/common";
import { Prisma } from "@prisma/client";
import { PrismaService } from "./prisma.service";

// a project wrapper: it hands its callback to $transaction
@Injectable()
export class TransactionService {
  constructor(private readonly prisma: PrismaService) {}

  async executeInTransaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return await this.prisma.$transaction(async (tx) => {
      return await fn(tx);
    });
  }
}
