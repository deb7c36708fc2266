import { ClientFactory } from "./db/factory";

const admin = ClientFactory.create();

export async function seed() {
    await admin.$transaction(async (tx) => {
        await tx.user.create({ data: { name: "root" } });
    });
}
