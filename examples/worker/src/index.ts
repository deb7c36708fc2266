import { env as workerEnv } from "cloudflare:workers";
import { Pool } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

interface Env {
  HYPERDRIVE: Hyperdrive;
}

// PC107: a socket opened during one request cannot be reused by the next one on Workers
const statsPool = new Pool({ connectionString: workerEnv.HYPERDRIVE.connectionString, max: 1, connectionTimeoutMillis: 5000 });

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (new URL(request.url).pathname === "/stats") {
      const { rows } = await statsPool.query("SELECT count(*)::int AS open FROM \"Order\" WHERE status = 'OPEN'");
      return Response.json(rows[0]);
    }
    // correct: on Workers a client per request is the documented pattern, closed after the response
    const adapter = new PrismaPg({ connectionString: env.HYPERDRIVE.connectionString, max: 1, connectionTimeoutMillis: 5000 });
    const prisma = new PrismaClient({ adapter });
    const orders = await prisma.order.findMany({ where: { status: "OPEN" }, take: 20 });
    ctx.waitUntil(prisma.$disconnect());
    return Response.json(orders);
  },
} satisfies ExportedHandler<Env>;
