import { Injectable } from "@nestjs/common";
import { ReportingPrismaService } from "../prisma/prisma-transaction.service";

@Injectable()
export class ReportService {
  constructor(private readonly prisma: ReportingPrismaService) {}

  async total() {
    return this.prisma.order.count();
  }
}
