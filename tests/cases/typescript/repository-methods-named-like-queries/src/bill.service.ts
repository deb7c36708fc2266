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
      await tx.payment.create({ data: { companyId, n, due: due.length, first: first?.id } });
    });
  }
}
