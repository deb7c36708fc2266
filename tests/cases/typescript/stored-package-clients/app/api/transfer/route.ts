import axios from "axios";
import { prisma } from "@/lib/prisma";

// a helper of this file calls a package client the file stores: one finding, on the call
// in the body, whichever walk (the file's own, the linker's) follows it
const bank = axios.create({ baseURL: "https://bank.example.com" });

async function initiateTransfer(amount: number) {
  const { data } = await bank.post("/transfers", { amount });
  return data;
}

function label(amount: number) {
  return `${amount}`;
}

export async function POST(req: Request) {
  await prisma.$transaction(async (tx) => {
    await tx.transfer.create({ data: { label: label(1) } });
    await initiateTransfer(1); // PC201
  });
  return new Response("ok");
}
