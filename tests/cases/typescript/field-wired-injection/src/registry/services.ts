import { UserRepo } from "./iface"
export class UserService {
  constructor(private readonly repo: UserRepo) {}
  async find(id: number) { return this.repo.selectUser(id) }
}
export class OpenUserService {
  constructor(private readonly repo: UserRepo) {}
  async find(id: number) { return this.repo.selectUser(id) }
}
