import { PgUserRepo } from "./PgUserRepo"
import { UserRepo } from "./iface"
// videomng's registry: the repository of each kind, built in the constructor
export class UserRepos {
  private readonly repositorys: Record<string, UserRepo>
  constructor() {
    const repositorys: Record<string, UserRepo> = {
      ["postgres"]: (new PgUserRepo())
    }
    this.repositorys = repositorys
  }
  public get(kind: string): UserRepo {
    return this.repositorys[kind]
  }
}
// the same, but an entry can be set from outside: what `get` returns is not known
export class OpenUserRepos {
  private readonly repositorys: Record<string, UserRepo> = { ["postgres"]: new PgUserRepo() }
  public set(kind: string, repo: UserRepo) { this.repositorys[kind] = repo }
  public get(kind: string): UserRepo {
    return this.repositorys[kind]
  }
}
