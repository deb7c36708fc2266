import { TransactionWrapper } from '../common/transaction.js';
export class AuthRepository {
  constructor(prisma) {
    this.prisma = prisma;
  }
  create = async (name) => {
    await TransactionWrapper(async (tx) => {
      await tx.user.create({ data: { name } });
    });
  };
}
