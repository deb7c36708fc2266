import { Injectable, OnModuleDestroy, OnModuleInit } from "@nestjs/common";
import { PrismaClient } from "@prisma/client";

// wraps a client instead of extending one, and hands out its models
@Injectable()
export class PrismaService implements OnModuleInit, OnModuleDestroy {
  public client: PrismaClient;
  constructor() {
    this.client = new PrismaClient();
  }
  get bill() {
    return this.client.bill;
  }
  get $transaction() {
    return this.client.$transaction.bind(this.client);
  }
  async onModuleInit() {
    await this.client.$connect();
  }
  async onModuleDestroy() {
    await this.client.$disconnect();
  }
}
