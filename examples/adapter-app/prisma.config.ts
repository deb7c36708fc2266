import "dotenv/config";
import { defineConfig, env } from "prisma/config";

// Prisma 7 reads the URL here for the CLI; at runtime the pg adapter in src/db.ts owns the pool.
// The value (with its ignored connection_limit, PC309) is in .env.example.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: env("DATABASE_URL"),
  },
});
