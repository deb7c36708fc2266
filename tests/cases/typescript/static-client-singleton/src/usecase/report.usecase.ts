import { PrismaClientInstance } from "../db/instance";
import { Store } from "../db/store";

export async function report(name: string) {
    const db = PrismaClientInstance.getInstance();
    return db.$transaction(async (tx) => {
        const cached = await Store.getStore().user.findMany({ where: { name } });
        const total = await PrismaClientInstance.getInstance().user.count(); // PC202
        const mine = await tx.user.count({ where: { name } });
        return { cached, total, mine };
    });
}
