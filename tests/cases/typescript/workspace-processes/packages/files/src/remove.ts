import axios from "axios";

// A storage helper of the workspace: it leaves the process (an HTTP call).
export async function removeFile(key: string) {
  await axios.delete(`https://storage.example.com/${key}`);
}

// A pure helper: silent inside a transaction.
export function fileKey(id: string) {
  return `jobs/${id}`;
}
