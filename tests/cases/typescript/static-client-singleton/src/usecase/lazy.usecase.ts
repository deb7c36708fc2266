import { Db } from "../db/lazy";
import { UserRepository } from "../repo/user.repository";

const repo = new UserRepository();

export async function rename(id: number, name: string) {
    return Db.get().$transaction(async (tx) => {
        await repo.update(id, name, tx);
        return repo.lazyCount(); // PC202
    });
}
