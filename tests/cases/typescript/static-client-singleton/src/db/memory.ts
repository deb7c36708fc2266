export class MemoryStore {
    user = { findMany: async (_: unknown) => [] as string[] };
}
