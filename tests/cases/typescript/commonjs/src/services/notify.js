const { postJson } = require("../lib/http");
const prisma = require("../lib/prisma");

async function notifyUser(id) {
  await postJson("https://hooks.example.com", { id });
}

async function countSeats(org) {
  return prisma.seat.count({ where: { org } });
}

async function countSeatsIn(db, org) {
  return db.seat.count({ where: { org } });
}

function seatLabel(n) {
  return `${n} seats`;
}

module.exports = { notifyUser, countSeats, countSeatsIn, seatLabel };
