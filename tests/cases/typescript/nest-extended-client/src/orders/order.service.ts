import { Injectable } from "@nestjs/common";
import { AuditStore } from "../common/mixins";
import { FileService } from "../files/file.service";
import { LogService } from "../files/log.service";
import { PrismaService } from "../prisma/prisma.service";
import { PrismaTransactionService } from "../prisma/prisma-transaction.service";

@Injectable()
export class OrderService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly prismaTransaction: PrismaTransactionService,
    private readonly files: FileService,
    private readonly logs: LogService,
    private readonly audit: AuditStore,
  ) {}

  async place(name: string) {
    return this.prismaTransaction.$transaction(async (tx) => {
      const order = await tx.order.create({ data: { name } });
      await this.files.create(name); // PC202 -- another client
      await this.files.createIn(name, tx);
      await this.files.upload(name, "receipt"); // PC201 PC202 -- another client
      await this.audit.user.findMany({ where: { name } });
      await this.prisma.order.count({ where: { name } }); // PC202 -- another client
      return order;
    });
  }

  async archive(id: number) {
    return this.prisma.$transaction(async (tx) => {
      await tx.order.update({ where: { id }, data: { archived: true } });
      await this.files.create(`order-${id}`); // PC202 -- the same client
      await this.logs.write("archived"); // PC202 -- another client
    });
  }
}
