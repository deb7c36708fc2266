import { PrismaClient } from "@prisma/client";

export class Db {
    private static client?: PrismaClient;

    static get(): PrismaClient {
        return (this.client ??= new PrismaClient());
    }
}
