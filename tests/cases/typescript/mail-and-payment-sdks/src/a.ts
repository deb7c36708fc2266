import { prisma } from './db';
import pay from './omise';
export async function payA(amount: number) {
  return prisma.$transaction(async (tx) => {
    const b = await tx.booking.create({ data: { amount } });
    const charge = await pay.charges.create({ amount, currency: 'thb' }); // PC201 -- the client Omise({...}) builds, under another name
    await tx.booking.update({ where: { id: b.id }, data: { ref: charge.id } });
  });
}
