import { Injectable } from "@nestjs/common";
import { PrismaService } from "./prisma.service";
import { BillRepository } from "./bill.repository";

@Injectable()
export class BillService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly bills: BillRepository,
  ) {}

  async pay(companyId: number) {
    return this.prisma.$transaction(async (tx) => {
      const due = await this.bills.findMany({ companyId }, tx);
      const first = await this.bills.findFirst({ companyId }, tx);
      const n = await this.bills.count({ companyId }); // PC202
      const all = await this.bills.findMany({ companyId }); // PC202 -- without tx: the shared client
      const last = await this.bills.latest(companyId); // PC202
      const lastTx = await this.bills.latest(companyId, tx);
      await tx.payment.create({ data: { companyId, n, due: due.length + all.length, first: first?.id ?? last?.id ?? lastTx?.id } });
    });
  }
}
