export class FilesRepository {
  constructor(client) {
    this.client = client;
  }
  async archive(id) {
    try {
      await this.client.$transaction(async (tx) => tx.file.update({ where: { id }, data: {} }));
    } finally {
      await this.client.$disconnect();
    }
  }
}
