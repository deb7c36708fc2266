import { bank } from "./http";

export async function pingBank(id: string) {
  await bank.post("/ping", { id });
}
