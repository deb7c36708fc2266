import { prisma } from "@/lib/db";

export async function createNotification(userId: string) {
  return prisma.notification.create({ data: { userId } });
}

export async function createNotificationIn(tx: typeof prisma, userId: string) {
  return tx.notification.create({ data: { userId } });
}
