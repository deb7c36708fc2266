import { Injectable } from "@nestjs/common";
import { BaseRepository } from "./base.repository";
import { PrismaService } from "./prisma.service";

@Injectable()
export class InvoiceRepository extends BaseRepository<PrismaService["invoice"]> {
  constructor(prisma: PrismaService) {
    super(prisma);
  }

  protected getModel(tx?: any) {
    return tx ? tx.invoice : this.prisma.invoice;
  }

  latestFor(companyId: number, tx?: any) {
    const model = this.getModel(tx);
    return model.findFirst({ where: { companyId } });
  }
}
