import { Prisma, PrismaClient } from "@prisma/client";

export const prisma = new PrismaClient();

const softDelete = Prisma.defineExtension({ name: "soft-delete" });

// Prisma's NestJS recipe for an extended client: a class whose instances are the client
export function extendedClient() {
  const extendPrismaClient = () => prisma.$extends(softDelete);

  return new Proxy(class {}, {
    construct(target, args, newTarget) {
      return Object.assign(Reflect.construct(target, args, newTarget), extendPrismaClient());
    },
  }) as new () => ReturnType<typeof extendPrismaClient>;
}

// a class built from PrismaClient
export function loggedClient() {
  return class extends PrismaClient {
    log(message: string) {
      console.log(message);
    }
  };
}

// a factory called only at start-up: a module's client, not a class
export function createClient() {
  return new PrismaClient().$extends(softDelete);
}
