// A service that builds its own client in a field initializer: every `new` is a new pool.
import { PrismaClient } from "@prisma/client";

export class UserService {
  private db = new PrismaClient(); // PC101

  list() {
    return this.db.user.findMany();
  }
}

export class AuditService {
  private readonly db: PrismaClient;

  constructor(private readonly source: string) {
    this.db = new PrismaClient(); // PC101
  }

  log(message: string) {
    return this.db.auditLog.create({ data: { message, source: this.source } });
  }
}

// built once, at start-up: silent
export class ReportService {
  private db = new PrismaClient();

  count() {
    return this.db.report.count();
  }
}

export const reports = new ReportService();

// a pure class built per request: silent
export class Paginator {
  private size = 20;

  page(n: number) {
    return { skip: n * this.size, take: this.size };
  }
}

// a memoised instance, built on the first request only: silent
let shared: ReportService | null = null;

export function getReports(): ReportService {
  if (!shared) {
    shared = new ReportService();
  }
  return shared;
}
