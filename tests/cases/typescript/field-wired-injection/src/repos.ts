import { prismaShared } from "./db"
export interface TagRepo { selectTagMaster(userId: number): Promise<unknown[]> }
export class TagRepoPostgres implements TagRepo {
  async selectTagMaster(userId: number) { return prismaShared.tagMaster.findMany({ where: { userId } }) }
}
// the same method, no database work
export class MemoryRepo implements TagRepo {
  async selectTagMaster(userId: number) { return [] }
}
// a factory handing out the repository of a kind
export class TagRepos {
  get(kind: string): TagRepo { return new TagRepoPostgres() }
}
