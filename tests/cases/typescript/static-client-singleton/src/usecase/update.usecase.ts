import { Prisma } from "@prisma/client";
import { PrismaTransaction } from "../db/transaction";
import { UserRepository } from "../repo/user.repository";

export class UpdateUserUseCase {
    private readonly repo: UserRepository = new UserRepository();

    async execute(id: number, name: string) {
        return await PrismaTransaction.start(async (tx: Prisma.TransactionClient) => {
            if ((await this.repo.select(name)).length > 0) { // PC202
                return false;
            }
            await this.repo.count(); // PC202
            await this.repo.update(id, name, tx);
            return true;
        });
    }
}
