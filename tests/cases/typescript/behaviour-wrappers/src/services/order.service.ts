import { Prisma } from "@prisma/client";
import { prisma, runAtomic, unitOfWork, inTransaction, atomic, logged, retrying } from "../lib/db";
import { chargeCard, formatCents } from "../lib/payments";
import { publishAudit, recordAudit, recordAuditIn } from "../lib/audit";

export async function placeOrder(userId: string, cents: number) {
  return runAtomic(async (tx) => {
    const order = await tx.order.create({ data: { userId, cents } });
    await chargeCard(order.id, cents); // PC201
    await recordAudit("order.placed"); // PC202
    await prisma.user.update({ where: { id: userId }, data: { orders: { increment: 1 } } }); // PC202
    await recordAuditIn(tx, "order.audited");
    void publishAudit("order.placed");
    return { order, label: formatCents(cents) };
  });
}

export async function refundOrder(orderId: string) {
  return unitOfWork(async (tx) => {
    await tx.order.update({ where: { id: orderId }, data: { refunded: true } });
    await fetch("https://pay.example.com/refunds", { method: "POST" }); // PC201
  }, { timeout: 20000 }); // PC203
}

export async function cancelOrder(orderId: string) {
  await inTransaction(async (tx) => {
    await tx.order.delete({ where: { id: orderId } });
    await recordAudit("order.cancelled"); // PC202
  });
}

export async function shipOrder(orderId: string) {
  await atomic.perform(async (tx) => {
    await tx.order.update({ where: { id: orderId }, data: { shipped: true } });
    await chargeCard(orderId, 500); // PC201
  });
}

// look-alikes: the callbacks run on the shared client outside any transaction
export async function listOrders(userId: string) {
  const orders = await logged(async (db) => db.order.findMany({ where: { userId } }));
  await retrying(async (db) => {
    await db.order.count({ where: { userId } });
    await chargeCard(userId, 0);
  });
  return orders;
}

// a function of this file handed by name: the wrapper runs it as the transaction's body
async function settleInvoice(tx: Prisma.TransactionClient) {
  await tx.invoice.updateMany({ data: { settled: true } });
  await fetch("https://ledger.example.com/settle", { method: "POST" }); // PC201
  await recordAudit("invoice.settled"); // PC202
}

export async function settleInvoices() {
  await runAtomic(settleInvoice);
}

// handed to the look-alike: silent
async function countInvoices(db: typeof prisma) {
  await db.invoice.count();
  await fetch("https://ledger.example.com/count");
}

export async function invoiceCount() {
  return logged(countInvoices);
}
