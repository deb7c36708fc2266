// a class with the same method names that does no database work
export class Other {
  async list() { return [] }
  async log() { return 1 }
  async drop() { return 0 }
}
