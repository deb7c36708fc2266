import { prisma } from '../db';
import { FileStore, supabase } from './files';

const files = new FileStore();

// Storage SDKs are HTTP APIs: an upload inside a transaction holds its connection.
export async function saveUpload(file: File) {
  return prisma.$transaction(async (tx) => {
    const key = files.key(file);
    await files.store(file); // PC201
    await supabase.storage.from('avatars').remove([key]); // PC201
    return tx.upload.create({ data: { key } });
  });
}
