const express = require("express");
const prisma = require("../lib/prisma");
const notify = require("../services/notify");
const { notifyUser, countSeats, countSeatsIn, seatLabel } = require("../services/notify");
const mailer = require("../services/mailer");

const router = express.Router();

router.post("/orders", async (req, res) => {
  const result = await prisma.$transaction(async (tx) => {
    const o = await tx.order.create({ data: req.body });
    await notifyUser(o.userId); // PC201
    const [seats, users] = await Promise.all([countSeats(o.org), tx.user.count()]); // PC202
    await notify.countSeats(o.org); // PC202
    await mailer.send(o.email); // PC201
    const mine = await countSeatsIn(tx, o.org);
    const label = seatLabel(mine) + mailer.subject("order");
    await tx.order.update({ where: { id: o.id }, data: { label, seats, users } });
    return o;
  });
  await notifyUser(result.userId);
  res.json(result);
});

module.exports = router;
