import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export class PaymentService {
  constructor(private db: any) {}
  async charge(amount: number) {
    return stripe.paymentIntents.create({ amount, currency: "usd" });
  }
  async total() {
    return this.db.payment.count();
  }
  async record(tx: any, amount: number) {
    return tx.payment.create({ data: { amount } });
  }
  label(amount: number) {
    return `$${(amount / 100).toFixed(2)}`;
  }
}
