// langfuse's shared client: the global cache typed by an ambient `declare const globalThis`,
// the client from a singleton's accessor
import { PrismaClient } from "@prisma/client";

export class PrismaClientSingleton {
  private static instance: PrismaClient;

  public static getInstance(): PrismaClient {
    if (!PrismaClientSingleton.instance) PrismaClientSingleton.instance = createPrismaInstance();
    return PrismaClientSingleton.instance;
  }
}

const createPrismaInstance = () => new PrismaClient();

declare const globalThis: {
  prismaGlobal: PrismaClient | undefined;
} & typeof global;

if (process.env.NODE_ENV === "development") {
  globalThis.prismaGlobal ??= createPrismaInstance();
}

export const db = globalThis.prismaGlobal ?? PrismaClientSingleton.getInstance();

export async function failures(automationId: string) {
  return db.automationExecution.count({ where: { automationId, status: "ERROR" } });
}
