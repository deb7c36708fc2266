import type { Prisma, PrismaClient } from "@prisma/client";
type Client = PrismaClient | Prisma.TransactionClient;

// factory-function services: the returned methods query the client the factory is handed
export function createNoteService(client: PrismaClient) {
  return {
    async createNote(text: string) {
      return client.note.create({ data: { text } });
    },
  };
}

export const makeTagService = (client: Client) => ({
  addTag: async (name: string) => client.tag.create({ data: { name } }),
});

// called with the shared client at start-up and with `tx` in a transaction: each object queries its own
export function createAuditService(client: Client) {
  return {
    log: async (message: string) => client.auditLog.create({ data: { message } }),
  };
}

// only ever handed the transaction's client
export const createTxService = (client: Client) => {
  return {
    async touch() {
      return client.task.updateMany({ data: {} });
    },
  };
};

export function formatNote(text: string) {
  return text.trim();
}
