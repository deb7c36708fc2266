import stripeSDK, { getStripe, stripeFor } from "./stripeSDK";

export default async function updateSeats(subscriptionId: string, seats: number) {
  const stripe = stripeSDK();
  const subscription = await stripe.subscriptions.retrieve(subscriptionId);
  if (subscription) {
    await stripe.subscriptions.update(subscriptionId, { quantity: seats });
  }
}

export async function refund(key: string, charge: string) {
  await stripeFor(key).refunds.create({ charge });
}

// builds the client but never calls it: nothing leaves the process
export function stripeReady(): boolean {
  const stripe = stripeSDK();
  return stripe !== null;
}

export async function cancelAll(customer: string) {
  const subs = await getStripe().subscriptions.list({ customer });
  return subs.data.length;
}
