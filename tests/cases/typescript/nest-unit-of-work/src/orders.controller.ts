import { Controller, Post, Body } from "@nestjs/common";
import { UnitOfWork } from "./uow";
import { BillingService } from "./billing.service";
import { PrismaService } from "./prisma.service";
@Controller("orders")
export class OrdersController {
  constructor(private readonly uow: UnitOfWork, private readonly billing: BillingService, private readonly prisma: PrismaService) {}
  @Post()
  async create(@Body() body: { amount: number }) {
    return this.uow.run(async (tx) => {
      const order = await tx.order.create({ data: { amount: body.amount } });
      await this.billing.charge(body.amount); // PC201
      await this.prisma.user.update({ where: { id: 1 }, data: {} }); // PC202
      void this.billing.charge(0);
      return order;
    });
  }

  // after the unit of work: silent
  @Post("later")
  async later(@Body() body: { amount: number }) {
    const order = await this.uow.run((tx) => tx.order.create({ data: { amount: body.amount } }));
    await this.billing.charge(body.amount);
    return order;
  }
}
