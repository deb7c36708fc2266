import { Injectable } from "@nestjs/common";
import { Prisma } from "@prisma/client";
import { TransactionService } from "../database/transaction.service";

@Injectable()
export class ProductService {
  constructor(private readonly transactionService: TransactionService) {}

  // opens its own transaction unless the caller hands one in
  async deductStockBulk(ids: number[], txc?: Prisma.TransactionClient) {
    return await this.transactionService.executeInTransaction(async (tx) => {
      const client = txc ?? tx;
      for (const id of ids) {
        await client.product.update({ where: { id }, data: { stock: { decrement: 1 } } });
      }
      return ids.length;
    });
  }

  async deductStock(id: number, client: Prisma.TransactionClient) {
    return client.product.update({ where: { id }, data: { stock: { decrement: 1 } } });
  }
}
