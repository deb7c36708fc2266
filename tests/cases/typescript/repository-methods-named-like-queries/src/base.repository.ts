import { PrismaService } from "./prisma.service";

// qash's shape: the base class holds the injected client, each repository picks its model
export abstract class BaseRepository<TModel> {
  constructor(protected readonly prisma: PrismaService) {}

  protected abstract getModel(tx?: any): TModel;

  // every repository's getModel chooses `tx` or the shared client: so does this
  findOne(where: object, tx?: any) {
    const model: any = this.getModel(tx);
    return model.findFirst({ where });
  }
}

// a base whose one subclass always reads the shared client's replica helper: not a choice
export abstract class CachedBase {
  protected abstract source(tx?: any): any;

  first(where: object, tx?: any) {
    const model = this.source(tx);
    return model.findFirst({ where });
  }
}
