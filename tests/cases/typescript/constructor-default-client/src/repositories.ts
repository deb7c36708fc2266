import type { Prisma, PrismaClient } from "@prisma/client";
import { prisma } from "./db";

type Client = PrismaClient | Prisma.TransactionClient;

// the shared client is the constructor's default: a subclass calling `super()` gets it
export abstract class BaseRepository {
  protected readonly client: Client;
  protected constructor(client: Client = prisma) {
    this.client = client;
  }
}

export class UserRepository extends BaseRepository {
  constructor() {
    super();
  }
  async count() {
    return this.client.user.count();
  }
}

export class NoteRepository {
  constructor(private readonly client: Client = prisma) {}
  async count() {
    return this.client.user.count();
  }
}
