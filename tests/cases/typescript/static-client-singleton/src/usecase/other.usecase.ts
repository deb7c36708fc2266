import { Prisma } from "@prisma/client";
import { PrismaTransaction } from "../db/transaction";
import { UserRepository } from "../repo/user.repository";

const repo = new UserRepository();

export async function other() {
    return PrismaTransaction.start(async (tx: Prisma.TransactionClient) => {
        await repo.update(1, "x", tx);
        return repo.lazyCount(); // PC202 -- another client: W
    });
}
