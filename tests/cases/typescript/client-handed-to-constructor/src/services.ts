import { prisma } from "./db";
import { UserRepository, AuditRepository, SeatRepository } from "./repositories";

const users = new UserRepository(prisma);
const audit = new AuditRepository(prisma);
const seats = new SeatRepository(prisma);

export async function addMember(teamId: string, email: string) {
  return prisma.$transaction(async (tx) => {
    const n = await users.countUsers(teamId); // PC202
    await audit.log(`adding ${email}`); // PC202
    const txSeats = new SeatRepository(tx);
    await txSeats.seats(teamId);
    await seats.seats(teamId); // PC202 -- this object is built on the shared client, though another is built on tx
    return tx.member.create({ data: { teamId, email, n } });
  });
}

export async function listSeats(teamId: string) {
  return seats.seats(teamId);
}
