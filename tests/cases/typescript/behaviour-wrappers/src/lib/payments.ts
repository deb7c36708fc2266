import axios from "axios";

export async function chargeCard(orderId: string, cents: number) {
  const { data } = await axios.post("https://pay.example.com/charges", { orderId, cents });
  return data.id as string;
}

export function formatCents(cents: number) {
  return `$${(cents / 100).toFixed(2)}`;
}
