import Razorpay from "razorpay";
import Stripe from "stripe";
import Decimal from "decimal.js";
import { prisma } from "@/lib/prisma";
import { Mailer } from "@/lib/mailer";
import { BaseUrlMailer } from "lib/base-url-mailer";

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

// injected through the constructor (NestJS): a parameter property typed with a package's
// class holds that package's object; one typed with the project's own class is judged by
// its method's body (this one only formats): silent
export class RefundService {
  constructor(private readonly stripe: Stripe, private readonly mailer: Mailer) {}

  async refund(orderId: string, charge: string) {
    return prisma.$transaction(async (tx) => {
      await tx.order.update({ where: { id: orderId }, data: { status: "REFUNDED" } });
      await this.stripe.refunds.create({ charge }); // PC201
      this.mailer.format(orderId);
    });
  }
}

// a class from the project's own baseUrl path (a bare specifier, not a package): its
// method's body decides, and this one only formats: silent
export class ReceiptService {
  constructor(private readonly mailer: BaseUrlMailer) {}

  async receipt(orderId: string) {
    return prisma.$transaction(async (tx) => {
      await tx.order.update({ where: { id: orderId }, data: { status: "SENT" } });
      await this.mailer.uploadReceipt(orderId);
    });
  }
}
