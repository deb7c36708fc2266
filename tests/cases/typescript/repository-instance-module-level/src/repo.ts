// handed its client by the module that builds it: this module never names a client
export class NoteRepo {
  constructor(private client: any) {}
  async countNotes() {
    return this.client.note.count();
  }
  describe() {
    return "notes";
  }
}
