import { TagRepo } from "./repos"
export class TagService {
  constructor(private readonly repo: TagRepo) {}
  async check(userId: number) { return this.repo.selectTagMaster(userId) }
}
export class CtorService {
  constructor(private readonly repo: TagRepo) {}
  async check(userId: number) { return this.repo.selectTagMaster(userId) }
}
// built with two different repositories: which one `this.repo` holds is not known
export class MixedService {
  constructor(private readonly repo: TagRepo) {}
  async check(userId: number) { return this.repo.selectTagMaster(userId) }
}
// built with what its holder is handed: not known either
export class HandedService {
  constructor(private readonly repo: TagRepo) {}
  async check(userId: number) { return this.repo.selectTagMaster(userId) }
}
