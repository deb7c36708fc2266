import { neonConfig, Pool } from "@neondatabase/serverless";
import { PrismaNeon } from "@prisma/adapter-neon";
import { PrismaClient } from "@prisma/client";
import ws from "ws";
export default function db(url: string) {
  neonConfig.webSocketConstructor = ws;
  const pool = new Pool({ connectionString: url });
  return new PrismaClient({ adapter: new PrismaNeon(pool) });
}
