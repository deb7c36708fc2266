import Razorpay from "razorpay";
import Stripe from "stripe";
import Decimal from "decimal.js";
import { prisma } from "@/lib/prisma";
import { Mailer } from "@/lib/mailer";

// a service that keeps its SDK clients in fields: `this.x` holding a package's object is
// that package's wherever the class calls it
export class OrderService {
  private rzp: Razorpay;
  private stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
  private cents = new Decimal(100);
  private seen = new Map<string, number>();
  private mailer = new Mailer();

  constructor() {
    this.rzp = new Razorpay({ key_id: process.env.RZP_KEY!, key_secret: process.env.RZP_SECRET! });
  }

  async place(userId: string, amount: number) {
    return prisma.$transaction(async (tx) => {
      const order = await tx.order.create({ data: { userId, amount } });
      await this.rzp.orders.create({ amount, currency: "INR" }); // PC201
      await this.stripe.paymentIntents.create({ amount, currency: "usd" }); // PC201
      // package objects that stay in the process, a Map, and the project's own class
      // (its method's body decides; this one only formats): silent
      const total = this.cents.times(amount).toNumber();
      this.seen.set(userId, total);
      this.mailer.format(order.id);
      return order;
    });
  }
}
