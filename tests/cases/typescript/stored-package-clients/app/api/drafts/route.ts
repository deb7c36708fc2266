import * as admin from "firebase-admin";
import axios from "axios";
import { prisma } from "@/lib/prisma";

// factories called inside the transaction whose objects are used only after it
export async function POST(req: Request) {
  const [fcm, api] = await prisma.$transaction(async (tx) => {
    await tx.draft.create({ data: {} });
    return [admin.messaging(), axios.create()];
  });
  await fcm.send({ token: "t" });
  await api.get("/after");
  return new Response("ok");
}
