// A package's client built once in the project and exported under a name of its own.
import Stripe from "stripe";

export const billing = new Stripe(process.env.STRIPE_KEY ?? "");
