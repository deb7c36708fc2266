import { Injectable } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

// a field-built client in a service one module provides: one instance, one pool
@Injectable()
export class AuditDb {
  private db = new PrismaClient();

  count() {
    return this.db.item.count();
  }
}
