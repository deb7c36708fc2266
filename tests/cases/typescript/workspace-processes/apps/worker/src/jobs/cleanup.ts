import { prisma } from "@acme/prisma";
import { fileKey, removeFile } from "@acme/files";

export async function cleanup(id: string) {
  await prisma.$transaction(async (tx) => {
    const key = fileKey(id);
    await tx.job.delete({ where: { id } });
    await removeFile(key); // PC201
  });
}
