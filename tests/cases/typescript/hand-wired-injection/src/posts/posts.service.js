export class PostsService {
  constructor(repository) {
    this.repository = repository;
  }
  async publish(title) {
    return this.repository.create(title);
  }
}
// built only with the drafts repository: its `this.repository.create` is DraftsRepository's
export class DraftsService {
  constructor(repository) {
    this.repository = repository;
  }
  async save(title) {
    return this.repository.create(title);
  }
}
