import { PrismaClient } from "@prisma/client";
export class Db {
  private static inst: PrismaClient = new PrismaClient();
  static get(): PrismaClient { return this.inst; }
}
export function inTx(fn: Function) {
  return Db.get().$transaction(async (tx) => { await fn(tx); });
}
