import { PrismaService } from "./prisma.service";

// qash's shape: the base class holds the injected client, each repository picks its model
export abstract class BaseRepository<TModel> {
  constructor(protected readonly prisma: PrismaService) {}

  protected abstract getModel(tx?: any): TModel;
}
