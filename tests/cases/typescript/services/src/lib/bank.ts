// An axios instance built once: each of its methods is an HTTP request.
import axios from "axios";

const api = axios.create({ baseURL: process.env.BANK_URL });

export async function initiateTransfer(iban: string, amount: number) {
  const { data } = await api.post("/transfers", { iban, amount });
  return data;
}

export function transferLabel(iban: string): string {
  return `transfer to ${iban.slice(-4)}`;
}
