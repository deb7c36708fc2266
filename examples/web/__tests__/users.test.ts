import { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// correct: the test suite owns its client and closes it in afterAll
let prisma: PrismaClient;

beforeAll(async () => {
  prisma = new PrismaClient({ datasourceUrl: process.env.TEST_DATABASE_URL });
  await prisma.user.deleteMany({ where: { email: { endsWith: "@test.example" } } });
});

afterAll(() => prisma.$disconnect());

describe("users", () => {
  it("enforces unique emails", async () => {
    await prisma.user.create({ data: { email: "grace@test.example" } });
    await expect(prisma.user.create({ data: { email: "grace@test.example" } })).rejects.toThrow();
  });
});
