import { Injectable } from "@nestjs/common";
import { Prisma } from "@prisma/client";
import { TransactionService } from "../database/transaction.service";
import { ProductService } from "../product/product.service";
import { RefundService } from "../product/refund.service";

@Injectable()
export class PaymentFacade {
  constructor(
    private readonly transactionService: TransactionService,
    private readonly productService: ProductService,
    private readonly refunds: RefundService,
  ) {}

  async pay(orderId: number, ids: number[], txc?: Prisma.TransactionClient) {
    return await this.transactionService.executeInTransaction(async (tx) => {
      const client = txc ?? tx;
      await client.order.update({ where: { id: orderId }, data: { paid: true } });
      await this.productService.deductStockBulk(ids); // PC202 -- a second transaction on the shared client
      await this.productService.deductStockBulk(ids, client); // PC202 -- it opens its own transaction whatever it is handed
      await this.productService.deductStock(ids[0], client);
      await this.refunds.refund({ id: orderId, tx: client });
      await this.refunds.credit(orderId, client);
      return orderId;
    });
  }
}
