import { PrismaClient } from "@prisma/client";
import { $fetch } from "ofetch";

export const useDB = (event) => {
  return new PrismaClient(); // PC101
};

export async function useConnected() {
  await prisma.$connect(); // PC105
  return prisma;
}

export async function countSeats(org: string) {
  return prisma.seat.count({ where: { org } });
}

export async function pingBilling(org: string) {
  await $fetch("https://billing.example.com/ping", { method: "POST", body: { org } });
}

export function seatLabel(n: number): string {
  return `${n} seats`;
}
