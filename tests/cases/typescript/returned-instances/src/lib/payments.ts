// Singletons: a static accessor returns the one instance.
import Stripe from "stripe";
import { prisma } from "./prisma";

export class Payments {
  private static instance: Payments;
  private stripe = new Stripe(process.env.STRIPE_KEY ?? "");

  static getInstance(): Payments {
    if (!Payments.instance) Payments.instance = new Payments();
    return Payments.instance;
  }

  async charge(amount: number) {
    return this.stripe.charges.create({ amount, currency: "usd" });
  }
}

export class Ledger {
  private static instance?: Ledger;

  static getInstance() {
    return (this.instance ??= new Ledger());
  }

  async record(tx: typeof prisma, amount: number) {
    return tx.ledgerEntry.create({ data: { amount } });
  }

  async total() {
    return prisma.ledgerEntry.count();
  }
}
