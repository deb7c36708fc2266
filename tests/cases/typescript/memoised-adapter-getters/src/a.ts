// the adapter built to fill an empty cache (beside or inside the client) is built once per cache
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";

let _a: PrismaClient | undefined;
export function getA(): PrismaClient {
  if (!_a) {
    const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 1, connectionTimeoutMillis: 5 });
    _a = new PrismaClient({ adapter });
  }
  return _a;
}

let _b: PrismaClient | undefined;
export function getB(): PrismaClient {
  if (!_b) {
    _b = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 1, connectionTimeoutMillis: 5 }) });
  }
  return _b;
}

export function getC(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 1, connectionTimeoutMillis: 5 }) }); // PC106 -- the adapter inside it is the same cause
}

export async function run(ids: number[]) {
  for (const id of ids) { await getA().user.findFirst(); await getB().user.findFirst(); await getC().user.findFirst(); }
}
