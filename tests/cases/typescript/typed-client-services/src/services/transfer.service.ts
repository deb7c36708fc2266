import { PrismaClient } from "@prisma/client";
import { BankGateway } from "../gateways/bank";
import { writeAudit } from "../lib";

export class TransferService {
  constructor(private readonly db: PrismaClient, private readonly bank: BankGateway) {}

  async transfer(amount: number, to: string) {
    return this.db.$transaction(async (tx) => {
      const t = await tx.transfer.create({ data: { amount, to } });
      const ref = this.bank.reference(t.id);
      await this.bank.initiateTransfer(amount, to); // PC201
      await writeAudit("transfer"); // PC202 -- the shared client, not another one: E
      void notifyLater(t.id); // dropped: the transaction does not wait
      return { ...t, ref };
    });
  }
}

async function notifyLater(id: string) {
  await fetch(`https://hooks.example.com/${id}`);
}
