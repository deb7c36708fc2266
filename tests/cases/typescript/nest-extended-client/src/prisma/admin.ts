import { createClient } from "./extended-prisma";

export const admin = createClient();

export async function seedAdmin() {
  await admin.$transaction(async (tx) => {
    await tx.user.create({ data: { name: "root" } });
  });
}
