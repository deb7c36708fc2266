import { Injectable } from "@nestjs/common";
import { PrismaClient } from "@prisma/client";
import type { Prisma } from "@prisma/client";
import type { ClsService } from "nestjs-cls";

@Injectable()
export class PrismaService extends PrismaClient {
  constructor(private readonly cls: ClsService<{ tx: { client?: Prisma.TransactionClient } }>) {
    super();
  }

  // a transaction wrapper by what it does: the callback runs as the body, and the
  // transaction client is bound in CLS for txClient()
  async $tx<R>(fn: (prisma: Prisma.TransactionClient) => Promise<R>, options?: { timeout?: number }): Promise<R> {
    const existing = this.cls.get("tx.client");
    if (existing) {
      return await fn(existing);
    }
    let result: R = undefined as R;
    await this.cls.runWith(this.cls.get(), async () => {
      result = await super.$transaction<R>(async (prisma) => {
        this.cls.set("tx.client", prisma);
        try {
          return await fn(prisma);
        } finally {
          this.cls.set("tx.client", undefined);
        }
      }, options);
    });
    return result;
  }

  // stores the callback for later: not a transaction
  bindAfterTransaction(fn: () => void) {
    this.afterTx = fn;
  }
  private afterTx?: () => void;

  txClient(): Prisma.TransactionClient {
    const txClient = this.cls.get("tx.client");
    if (!txClient) {
      return this;
    }
    return txClient;
  }
}
