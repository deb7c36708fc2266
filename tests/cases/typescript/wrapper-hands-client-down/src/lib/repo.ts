export async function save(id: number, trx: any) { return trx("t").insert({ id }); }
export async function saveTx(id: number, tx: any) { return tx.insert({ id }); }
