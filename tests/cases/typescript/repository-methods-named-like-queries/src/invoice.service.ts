import { Injectable } from "@nestjs/common";
import { PrismaService } from "./prisma.service";
import { InvoiceRepository } from "./invoice.repository";

@Injectable()
export class InvoiceService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly invoices: InvoiceRepository,
  ) {}

  async issue(companyId: number) {
    return this.prisma.$transaction(async (tx) => {
      const last = await this.invoices.latestFor(companyId); // PC202 -- no tx: the shared client
      const lastTx = await this.invoices.latestFor(companyId, tx);
      return tx.invoice.create({ data: { companyId, previous: last?.id ?? lastTx?.id } });
    });
  }
}
