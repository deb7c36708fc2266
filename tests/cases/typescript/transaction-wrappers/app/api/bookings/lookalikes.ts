import { drizzle } from "drizzle-orm/node-postgres";
import axios from "axios";

const db = drizzle(process.env.DATABASE_URL!);

// callbacks that are no Prisma transaction: a Drizzle transaction (its tx is queried
// through tx.query.*, tx.insert(...)), and a function whose name says transaction over
// plain values: silent
export async function drizzleBooking(userId: string) {
  await db.transaction(async (tx) => {
    await tx.query.users.findMany();
    await axios.post("https://hooks.example.com/drizzle", { userId });
  });
}

function transactionTotal(items: number[], price: (item: number) => number) {
  return items.reduce((sum, item) => sum + price(item), 0);
}

export async function total(items: number[]) {
  return transactionTotal(items, (item) => item * 2);
}
