import axios from "axios";

export async function createCharge(amount: number): Promise<string> {
  const res = await axios.post(`${process.env.PAY_API}/charges`, { amount });
  return res.data.id;
}

export function formatAmount(amount: number): string {
  return `${(amount / 100).toFixed(2)} EUR`;
}
