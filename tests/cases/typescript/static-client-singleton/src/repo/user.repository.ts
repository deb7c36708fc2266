import { Prisma } from "@prisma/client";
import { PrismaClientInstance } from "../db/instance";
import { Db } from "../db/lazy";

export class UserRepository {
    async select(name: string) {
        return await PrismaClientInstance.getInstance().user.findMany({ where: { name } });
    }

    async count() {
        const db = PrismaClientInstance.getInstance();
        return await db.user.count();
    }

    async lazyCount() {
        return await Db.get().user.count();
    }

    async update(id: number, name: string, tx: Prisma.TransactionClient) {
        return await tx.user.update({ where: { id }, data: { name } });
    }
}
