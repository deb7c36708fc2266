import { Pool } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

// the pool and the adapter built for the client: one cause, reported on the client
export function db(url: string) {
  const pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5 });
  const adapter = new PrismaPg(pool);
  return new PrismaClient({ adapter }); // PC101
}

// a pool on its own per request is its own cause
export function rawPool(url: string) {
  return new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5 }); // PC101
}
