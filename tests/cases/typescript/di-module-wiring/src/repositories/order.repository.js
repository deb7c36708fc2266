// a base repository whose method is the transaction wrapper, called through the subclasses' instances
export class BaseRepository {
  constructor(prisma) {
    this.prisma = prisma;
  }
  createTransaction = async (callback) => {
    return await this.prisma.$transaction(callback);
  };
}

export class OrderRepository extends BaseRepository {
  update = async (id, { tx } = {}) => {
    const orm = tx || this.prisma;
    return orm.order.update({ where: { id }, data: {} });
  };
  async update2(id, { tx } = {}) {
    const orm = tx || this.prisma;
    return orm.order.update({ where: { id }, data: {} });
  }
  async update3(id, tx) {
    return (tx || this.prisma).order.update({ where: { id }, data: {} });
  }
}
