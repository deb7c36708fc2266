import { knex, db, runLater } from "./others";
import { save, saveTx } from "./repo";

export async function viaKnex() {
  await knex.transaction(async (trx) => {
    await save(1, trx);
    await fetch("https://example.com");
  });
}

export async function viaDrizzle() {
  await db.transaction(async (tx) => {
    await saveTx(1, tx);
    await fetch("https://example.com");
  });
}

export async function notATransaction() {
  runLater(async (tx) => {
    await saveTx(2, tx);
    await fetch("https://example.com");
  });
}
