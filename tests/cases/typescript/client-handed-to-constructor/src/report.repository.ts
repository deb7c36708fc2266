import { PrismaClient } from "@prisma/client";
import replica from "./replica";

class ReportRepository {
  constructor(private db: PrismaClient) {}
  totals() {
    return this.db.report.findMany();
  }
}
export default new ReportRepository(replica);
