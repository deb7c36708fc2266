import { Injectable, OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

// not a PrismaClient subclass: it builds one per instance, and NestJS makes one instance per
// module that provides it
@Injectable()
export class PrismaService implements OnModuleInit {
  private client: PrismaClient;
  constructor() {
    this.client = new PrismaClient();
  }
  async onModuleInit() {
    await this.client.$connect();
  }
  get item() {
    return this.client.item;
  }
}
