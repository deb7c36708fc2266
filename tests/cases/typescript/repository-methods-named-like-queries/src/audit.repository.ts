import { Injectable } from "@nestjs/common";
import { BaseRepository, CachedBase } from "./base.repository";
import { PrismaService } from "./prisma.service";

@Injectable()
export class AuditRepository extends BaseRepository<PrismaService["audit"]> {
  constructor(prisma: PrismaService) {
    super(prisma);
  }

  protected getModel(tx?: any) {
    return tx ? tx.audit : this.prisma.audit;
  }
}

@Injectable()
export class MemoryRows extends CachedBase {
  private rows = { findFirst: async (_where: object) => null };
  protected source(_tx?: any) {
    return this.rows;
  }
}
