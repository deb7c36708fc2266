import { Injectable } from "@nestjs/common";

// not a client: a class of its own with a `user.update` look-alike
class Store {
  user = { update: async (x: unknown) => x };
}

@Injectable()
export class AuditService {
  private readonly store = new Store();
  async touch() { return this.store.user.update({}); }
}
