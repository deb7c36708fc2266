import type { User } from "@acme/prisma";
import { prisma } from "./client";

export async function invoices(user: User) {
  return prisma.invoice.findMany({ where: { userId: user.id } });
}
