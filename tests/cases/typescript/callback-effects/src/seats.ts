import { prisma } from "./db";
export async function countSeats(id: number) {
  return prisma.seat.count({ where: { id } });
}
