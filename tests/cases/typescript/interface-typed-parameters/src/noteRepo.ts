import { Db } from "./db";
export interface NoteRepo { find(id: number): Promise<unknown[]>; }
export class NotePg implements NoteRepo {
  async find(id: number) { return Db.get().note.findMany({ where: { id } }); }
}
export class NoteRepos {
  private readonly all: Record<string, NoteRepo>;
  constructor() { this.all = { pg: new NotePg() }; }
  get(kind: string): NoteRepo { return this.all[kind]; }
}
