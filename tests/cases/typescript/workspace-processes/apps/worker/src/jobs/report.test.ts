import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

test("report", async () => {
  expect(await prisma.report.count()).toBe(0);
});
