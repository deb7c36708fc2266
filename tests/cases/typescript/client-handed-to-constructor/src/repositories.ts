import { PrismaClient } from "@prisma/client";

// a repository handed its client: what it queries is what the construction passes
export class UserRepository {
  constructor(private readonly client: PrismaClient) {}
  countUsers(teamId: string) {
    return this.client.user.count({ where: { teamId } });
  }
}

export class AuditRepository {
  constructor(db) {
    this.db = db;
  }
  log(text: string) {
    return this.db.auditLog.create({ data: { text } });
  }
}

// built with the shared client at start-up and with `tx` in a transaction: each object queries its own
export class SeatRepository {
  constructor(private readonly client: PrismaClient) {}
  seats(teamId: string) {
    return this.client.seat.findMany({ where: { teamId } });
  }
}
