import { injectable } from "inversify";
import { prisma } from "./db";

@injectable()
export class ItemRepository {
  async findAll() {
    try {
      return await prisma.item.findMany();
    } finally {
      await prisma.$disconnect(); // PC104 -- reached from an inversify-express-utils route
    }
  }
}

export async function listOrders() {
  const rows = await prisma.order.findMany();
  await prisma.$disconnect(); // PC104 -- reached from a routing-controllers route
  return rows;
}

export async function listUsers() {
  const rows = await prisma.user.findMany();
  await prisma.$disconnect(); // PC104 -- reached from a tsoa route
  return rows;
}

export async function archive() {
  await prisma.item.deleteMany();
  await prisma.$disconnect(); // a method without a route decorator calls it: no request reaches it
}
