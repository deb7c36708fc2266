import { Injectable } from "@nestjs/common";
import { InjectTransaction, Propagation, Transaction, Transactional, TransactionHost } from "@nestjs-cls/transactional";
import type { TransactionalAdapterPrisma } from "@nestjs-cls/transactional-adapter-prisma";
import { PrismaService } from "./prisma.service";
import { PaymentsService } from "./payments.service";
import { AccountsRepository } from "./accounts.repository";

@Injectable()
export class TransfersService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterPrisma>,
              @InjectTransaction() private readonly tx: Transaction<TransactionalAdapterPrisma>,
              private readonly prisma: PrismaService,
              private readonly payments: PaymentsService,
              private readonly accounts: AccountsRepository) {}

  @Transactional()
  async transfer(from: string, to: string, amount: number) {
    await this.accounts.debit(from, amount);
    await this.txHost.tx.account.update({ where: { id: to }, data: {} });
    await this.tx.ledger.create({ data: { from, to, amount } });
    await this.prisma.audit.create({ data: { from, to } }); // PC202
    await this.accounts.balance(from); // PC202
    await this.payments.charge(amount); // PC201
  }

  async refund(id: string, amount: number) {
    await this.txHost.withTransaction(async () => {
      await this.accounts.debit(id, amount);
      await this.payments.charge(-amount); // PC201
    });
    await this.txHost.withTransaction({ timeout: 5000 }, async () => {
      await this.prisma.refund.create({ data: { id } }); // PC202
    });
  }

  // look-alikes: propagations that run without a transaction, work outside one
  @Transactional(Propagation.NotSupported)
  async report(id: string) {
    await this.prisma.audit.findMany({ where: { id } });
    await this.payments.charge(0);
  }

  async later(id: string) {
    await this.txHost.withTransaction(Propagation.Never, async () => {
      await this.payments.charge(1);
    });
    await this.accounts.balance(id);
    await this.payments.charge(2);
  }
}
