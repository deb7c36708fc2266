import { put } from '@vercel/blob';
import { createClient } from '@supabase/supabase-js';

export const supabase = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_KEY!);

export class FileStore {
  async store(file: File) {
    return put(file.name, file, { access: 'public' });
  }

  key(file: File) {
    return `uploads/${file.name}`;
  }
}
