import { DeleteObjectsCommand } from "@aws-sdk/client-s3";
import storage from "./clients/storage";

export async function removeArchive(key: string) {
  await storage.send(new DeleteObjectsCommand({ Bucket: "b", Delete: { Objects: [{ Key: key }] } }));
}

export function archiveKey(id: number) {
  return `archives/${id}`;
}
