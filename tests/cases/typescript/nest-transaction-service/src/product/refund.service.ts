import { Injectable } from "@nestjs/common";
import { Prisma } from "@prisma/client";
import { PrismaService } from "../database/prisma.service";

// a transaction of its own only when the caller hands none: silent when handed one
@Injectable()
export class RefundService {
  constructor(private readonly prisma: PrismaService) {}

  async refund(params: { id: number; tx?: Prisma.TransactionClient }) {
    const write = async (client: Prisma.TransactionClient) => {
      await client.refund.create({ data: { id: params.id } });
    };
    if (params.tx) {
      await write(params.tx);
    } else {
      await this.prisma.$transaction(write);
    }
  }

  async credit(id: number, tx?: Prisma.TransactionClient) {
    if (tx) {
      return tx.credit.create({ data: { id } });
    }
    return this.prisma.$transaction((t) => t.credit.create({ data: { id } }));
  }
}
