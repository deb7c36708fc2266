import knexLib from "knex";
import { drizzle } from "drizzle-orm/node-postgres";
export const knex = knexLib({ client: "pg" });
export const db = drizzle(process.env.DATABASE_URL!);
export function runLater(fn: (tx: unknown) => Promise<void>) {
  setTimeout(() => fn(null), 10);
}
