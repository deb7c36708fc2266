import { Injectable } from "@nestjs/common";
import { ReportService } from "../files/report.service";
import { PrismaTransactionService } from "../prisma/prisma-transaction.service";

@Injectable()
export class RefundService {
  constructor(
    private readonly prisma: PrismaTransactionService,
    private readonly reports: ReportService,
  ) {}

  async refund(id: number) {
    return this.prisma.$transaction(async (tx) => {
      await tx.order.update({ where: { id }, data: { refunded: true } });
      return this.reports.total(); // PC202 -- another client
    });
  }
}
