import { Db } from "./db";

// two classes implement AuditLog (the real one and an in-memory one): a parameter typed
// AuditLog binds to neither
export interface AuditLog { write(id: number): Promise<void>; }
export class PgAudit implements AuditLog {
  async write(id: number) { await Db.get().audit.create({ data: { id } }); }
}
export class MemoryAudit implements AuditLog {
  readonly rows: number[] = [];
  async write(id: number) { this.rows.push(id); }
}
