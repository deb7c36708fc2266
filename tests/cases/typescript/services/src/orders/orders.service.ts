import { Injectable } from "@nestjs/common";
import { PrismaService } from "../prisma/prisma.service";
import { MailService } from "../mail/mail.service";

@Injectable()
export class OrdersService {
  constructor(private readonly prisma: PrismaService, private readonly mail: MailService) {}

  async place(userId: string, email: string) {
    const order = await this.prisma.$transaction(async (tx) => {
      const o = await tx.order.create({ data: { userId } });
      await this.mail.orderPlaced(email); // PC201
      await this.mail.archive(`orders/${o.id}`, "{}"); // PC201
      await this.mail.note("placed");
      await tx.user.update({ where: { id: userId }, data: { lastOrderId: o.id } });
      return o;
    });
    // after the transaction: nothing is held
    await this.mail.orderPlaced(email);
    return order;
  }
}
