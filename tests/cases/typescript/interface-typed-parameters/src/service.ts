import { AuditLog } from "./audit";
import { NoteRepo, NoteRepos } from "./noteRepo";

// `repo: NoteRepo`: an interface one class of the project implements (NotePg), whose find
// queries the shared client
export class NoteService {
  repo(): NoteRepo { return (new NoteRepos()).get("pg"); }
  async exists(repo: NoteRepo, id: number) { return (await repo.find(id)).length > 0; }
  async audit(log: AuditLog, id: number) { await log.write(id); }
}
