import type { PrismaClient } from "@prisma/client";

export class NoteRepo {
  constructor(private db: PrismaClient) {}

  async find(id: number) {
    return this.db.note.findUnique({ where: { id } });
  }
}

export function makeRepo(db: PrismaClient) {
  return new NoteRepo(db);
}

export function makeHeldRepo(db: PrismaClient) {
  const repo = new NoteRepo(db);
  return repo;
}

export const makeArrowRepo = (db: PrismaClient) => new NoteRepo(db);
