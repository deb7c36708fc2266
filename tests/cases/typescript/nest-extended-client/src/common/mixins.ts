type Constructor = new (...args: any[]) => object;

// a mixin: the class it returns extends what it is handed, no client
export function Timestamped<T extends Constructor>(Base: T) {
  return class extends Base {
    createdAt = new Date();
  };
}

export class MemoryRepo {
  user = { findMany: async (_: unknown) => [] as string[] };
}

export class AuditStore extends Timestamped(MemoryRepo) {}
