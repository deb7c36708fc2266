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
      await tx.bill.updateMany({ where: { companyId }, data: { paid: true } });
      const a = await this.bills.latest(companyId); // PC202
      const b = await this.bills.latestIn(tx, companyId);
      const c = this.bills.setting("currency");
      return [a, b, c];
    });
  }
}
