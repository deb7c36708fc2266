import { prisma } from './db';
import Stripe from 'stripe';
const stripe = new Stripe(process.env.STRIPE_KEY as string);
export async function payS(amount: number) {
  return prisma.$transaction(async (tx) => {
    const b = await tx.booking.create({ data: { amount } });
    const charge = await stripe.charges.create({ amount, currency: 'thb' }); // PC201
    await tx.booking.update({ where: { id: b.id }, data: { ref: charge.id } });
  });
}
