import { Injectable } from "@nestjs/common";
import { PrismaService } from "./prisma.service";
import { InvoiceRepository } from "./invoice.repository";
import { AuditRepository, MemoryRows } from "./audit.repository";

@Injectable()
export class InvoiceService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly invoices: InvoiceRepository,
    private readonly audits: AuditRepository,
    private readonly rows: MemoryRows,
  ) {}

  async issue(companyId: number) {
    return this.prisma.$transaction(async (tx) => {
      const last = await this.invoices.latestFor(companyId); // PC202 -- no tx: the shared client
      const lastTx = await this.invoices.latestFor(companyId, tx);
      await this.invoices.findOne({ companyId }); // PC202 -- the base's method, every getModel a choice
      await this.audits.findOne({ companyId }, tx);
      await this.rows.first({ companyId });
      return tx.invoice.create({ data: { companyId, previous: last?.id ?? lastTx?.id } });
    });
  }
}
