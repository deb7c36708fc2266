import { Injectable } from "@nestjs/common";
import { PrismaService } from "./prisma.service";

// a project repository whose methods are named like Prisma's: its body decides, not its name
@Injectable()
export class BillRepository {
  constructor(private readonly prisma: PrismaService) {}

  findMany(where: object, tx?: any) {
    return (tx ?? this.prisma).bill.findMany({ where });
  }

  findFirst(where: object, tx: any) {
    return tx.bill.findFirst({ where });
  }

  // the transaction's client when given, the shared one when not
  latest(companyId: number, tx?: any) {
    const model = tx ? tx.bill : this.prisma.bill;
    return model.findFirst({ where: { companyId } });
  }

  count(where: object) {
    return this.prisma.bill.count({ where });
  }
}
