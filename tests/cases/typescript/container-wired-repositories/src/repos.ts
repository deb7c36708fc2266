import type { Prisma, PrismaClient } from "@prisma/client";
type Client = PrismaClient | Prisma.TransactionClient;

export class NoteRepo {
  constructor(protected client: Client) {}
  async count() {
    return this.client.note.count();
  }
}

export class TagRepo {
  constructor(private readonly client: Client) {}
  async count() {
    return this.client.tag.count();
  }
}

// a hand-wired container: each repository gets the client the container is built with
export class Services {
  notes: NoteRepo;
  tags: TagRepo;
  constructor(client: Client) {
    this.notes = new NoteRepo(client);
    this.tags = new TagRepo(client);
  }
}

// the look-alike: this container is also built with `tx`, so its repositories hold either
export class Unit {
  tags: TagRepo;
  constructor(client: Client) {
    this.tags = new TagRepo(client);
  }
}
