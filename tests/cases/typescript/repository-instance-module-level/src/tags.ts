// only ever built on the transaction's client
export class TagRepo {
  constructor(private client: any) {}
  async countTags() {
    return this.client.tag.count();
  }
  async countIn(db?: any) {
    return (db ?? this.client).tag.count();
  }
}
