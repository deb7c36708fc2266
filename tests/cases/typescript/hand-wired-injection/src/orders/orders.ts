import { TransactionWrapper } from '../common/transaction.js';

export interface OrdersStore {
  save(id: string): Promise<void>;
}
export class PrismaOrdersStore implements OrdersStore {
  async save(id: string) {
    await TransactionWrapper(async (tx) => tx.order.create({ data: { id } }));
  }
}
// a parameter property typed with an interface: bound by what it is constructed with
export class OrdersService {
  constructor(private readonly store: OrdersStore) {}
  async place(id: string) {
    await this.store.save(id);
  }
}
