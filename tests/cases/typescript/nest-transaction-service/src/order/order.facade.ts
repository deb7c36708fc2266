import { Injectable } from "@nestjs/common";
import { Prisma } from "@prisma/client";
import { TransactionService } from "../database/transaction.service";
import { ProductService } from "../product/product.service";

// the body never queries its client itself: it hands it down; the fallback to a caller's
// `Prisma.TransactionClient` says what the callback's parameter is
@Injectable()
export class OrderFacade {
  constructor(
    private readonly transactionService: TransactionService,
    private readonly productService: ProductService,
  ) {}

  async order(ids: number[], txc?: Prisma.TransactionClient) {
    return await this.transactionService.executeInTransaction(async (tx) => {
      const client = txc ?? tx;
      await this.productService.deductStock(ids[0], client);
      return await this.productService.deductStockBulk(ids); // PC202
    });
  }

  // a plain callback whose parameter joins something untyped: not a transaction
  async lookalike(ids: number[], fallback?: number[]) {
    return await this.transactionService.executeInTransaction(async (tx) => {
      const list = fallback ?? tx;
      return list;
    });
  }
}
