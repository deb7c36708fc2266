import { Injectable } from "@nestjs/common";
import { TransactionHost } from "@nestjs-cls/transactional";
import type { TransactionalAdapterPrisma } from "@nestjs-cls/transactional-adapter-prisma";
import { PrismaService } from "./prisma.service";
@Injectable()
export class AccountsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterPrisma>,
              private readonly prisma: PrismaService) {}
  // through the transaction the plugin binds in CLS: silent
  async debit(id: string, amount: number) {
    await this.txHost.tx.$executeRaw`UPDATE account SET balance = balance - ${amount} WHERE id = ${id}`;
    return this.txHost.tx.account.findUnique({ where: { id } });
  }
  // through the injected client: outside the transaction
  async balance(id: string) {
    return this.prisma.account.findUnique({ where: { id } });
  }
}
