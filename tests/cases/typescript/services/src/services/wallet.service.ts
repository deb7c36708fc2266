import { prisma } from "../lib/prisma";
import { initiateTransfer, transferLabel } from "../lib/bank";

export class WalletService {
  async withdraw(userId: string, amount: number) {
    return prisma.$transaction(async (tx) => {
      const w = await tx.wallet.update({ where: { userId }, data: { balance: { decrement: amount } } });
      await initiateTransfer(w.iban, amount); // PC201
      await this.audit(userId, amount); // PC202
      await this.auditIn(tx, userId, transferLabel(w.iban));
      void this.notify(userId);
      return w;
    });
  }

  async audit(userId: string, amount: number) {
    await prisma.auditLog.create({ data: { userId, amount } });
  }

  async auditIn(tx: typeof prisma, userId: string, label: string) {
    await tx.auditLog.create({ data: { userId, label } });
  }

  async notify(userId: string) {
    await initiateTransfer(userId, 0);
  }
}

export const walletService = new WalletService();
