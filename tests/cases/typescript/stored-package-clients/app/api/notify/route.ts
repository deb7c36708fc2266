import * as admin from "firebase-admin";
import { getMessaging } from "firebase-admin/messaging";
import axios from "axios";
import Stripe from "stripe";
import { prisma } from "@/lib/prisma";
import { messaging } from "@/lib/fcm";

const stripe = new Stripe(process.env.STRIPE_KEY ?? "");
const fcmTop = admin.messaging();

export async function POST(req: Request) {
  const before = admin.messaging();
  await prisma.$transaction(async (tx) => {
    await tx.order.create({ data: {} });
    const fcm = admin.messaging(); // building the service object stays in the process
    await fcm.send({ token: "t" }); // PC201 -- the send is the call to FCM
    await admin.messaging().send({ token: "t" }); // PC201:11 -- one finding for the chain
    const m = getMessaging();
    await m.sendEachForMulticast({ tokens: [] }); // PC201
    await fcmTop.send({ token: "t" }); // PC201
    await before.send({ token: "t" }); // PC201
    await messaging.send({ token: "t" }); // PC201
    await axios.create().get("/x"); // PC201:11 -- one finding for the chain
    const api = axios.create({ baseURL: "https://api.example.com" });
    await api.post("/y"); // PC201
    await stripe.customers.create({ email: "a@b.c" }); // PC201 -- `create` below a resource is a call
  });
  return new Response("ok");
}
