import { PrismaClient } from "@prisma/client";

// a base class storing the client its subclasses hand to `super(...)`
export class BaseRepository {
  protected prisma: PrismaClient;
  constructor(protected entity: string, client: PrismaClient) {
    this.prisma = client;
  }
  async withDisconnect<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } finally {
      await this.prisma.$disconnect(); // PC104 -- every subclass hands it the shared client
    }
  }
  async findAll(): Promise<unknown[]> {
    return this.withDisconnect(() => this.prisma.item.findMany());
  }
}

// a parameter property of the base, handed on by a subclass's own constructor
export class CountingRepository {
  constructor(protected readonly db: PrismaClient) {}
  count() {
    return this.db.item.count();
  }
}

// the look-alike: its subclass is built with `tx` inside the transaction
export class TxBoundRepository {
  constructor(protected readonly db: PrismaClient) {}
  count() {
    return this.db.item.count();
  }
}
