import { Injectable } from "@nestjs/common";
import { PrismaService } from "./prisma.service";
import { SettingsService } from "./settings.service";

@Injectable()
export class BillRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly settings: SettingsService,
  ) {}

  latest(companyId: number) {
    return this.prisma.bill.findFirst({ where: { companyId } });
  }

  latestIn(tx: any, companyId: number) {
    return tx.bill.findFirst({ where: { companyId } });
  }

  setting(key: string) {
    return this.settings.bill.findFirst(key);
  }
}
