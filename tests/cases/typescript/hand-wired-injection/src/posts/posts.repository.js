import { TransactionWrapper, SafeTransaction } from '../common/transaction.js';
export class PostsRepository {
  constructor(db) {
    this.db = db;
  }
  async create(title) {
    await TransactionWrapper(async (tx) => tx.post.create({ data: { title } }));
  }
}
// the same method name, its transaction leaves the client alone
export class DraftsRepository {
  constructor(db) {
    this.db = db;
  }
  async create(title) {
    await SafeTransaction(async (tx) => tx.draft.create({ data: { title } }));
  }
}
