import axios from "axios";
import { prisma, withTransaction, PrismaTransaction } from "@/lib/db";
import { sendConfirmation } from "@/lib/mail";
import { createNotification, createNotificationIn } from "@/lib/notify";

export async function POST(request: Request) {
  const { userId, email } = await request.json();
  const booking = await withTransaction(async (tx) => {
    const created = await tx.booking.create({ data: { userId } });
    await sendConfirmation(email); // PC201
    await createNotification(userId); // PC202
    await prisma.user.findUnique({ where: { id: userId } }); // PC202
    await createNotificationIn(tx, userId);
    return created;
  });
  return Response.json(booking);
}

export async function PUT(request: Request) {
  const { userId } = await request.json();
  // typed as the transaction client: a body even before it queries
  const done = await PrismaTransaction.start(async (tx: Prisma.TransactionClient) => {
    await axios.post("https://hooks.example.com/booked", { userId }); // PC201
    return createNotificationIn(tx, userId);
  });
  return Response.json(done);
}
