// A module instance of another module's class, called in a transaction of this file:
// its methods are followed into the class's module.
import express from "express";
import { prisma } from "./db";
import { PaymentService } from "./payments";
const payments = new PaymentService(prisma);
const app = express();
app.post("/pay", async (req, res) => {
  await prisma.$transaction(async (tx) => {
    await payments.record(tx, 100);
    const label = payments.label(100);
    await tx.payment.create({ data: { label } });
    await payments.charge(1); // PC201
    await payments.total(); // PC202
  });
  res.end();
});
app.listen(3000);
