import { PrismaClient } from "@prisma/client";

// a static method building a client per call, only at start-up: no shared client
export class ClientFactory {
    static create(): PrismaClient {
        return new PrismaClient();
    }
}
