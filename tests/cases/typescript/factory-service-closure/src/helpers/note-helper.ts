import { prismaDb } from "../db";
import { createNoteService } from "../services/note-service";

export async function recordNote(text: string) {
  const notes = createNoteService(prismaDb);
  return notes.createNote(text);
}
