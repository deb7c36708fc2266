import { PrismaClient } from "@prisma/client";
import { prisma } from "./db";
import { BaseRepository, CountingRepository, TxBoundRepository } from "./base.repository";

export class ItemRepository extends BaseRepository {
  constructor() {
    super("item", prisma);
  }
}

export class ItemCounter extends CountingRepository {
  constructor(client: PrismaClient) {
    super(client);
  }
}

export class TxItemCounter extends TxBoundRepository {
  constructor(client: PrismaClient) {
    super(client);
  }
}

export function label(n: number) {
  return `items: ${n}`;
}
