// A factory: every call builds a Stripe client (linkwarden's shape).
import Stripe from "stripe";

export default function stripeSDK() {
  const secretKey = process.env.STRIPE_SECRET_KEY;
  if (!secretKey) throw new Error("Stripe secret key is not defined");
  const stripe = new Stripe(secretKey, { apiVersion: "2025-07-30.basil" });
  return stripe;
}

export const stripeFor = (key: string) => new Stripe(key);

// a module-level client handed out by a getter
const shared = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");
export const getStripe = () => shared;
