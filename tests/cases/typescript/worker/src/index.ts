import { env as workerEnv } from "cloudflare:workers";
import { Pool } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

interface Env {
  HYPERDRIVE: Hyperdrive;
}

const statsPool = new Pool({ connectionString: workerEnv.HYPERDRIVE.connectionString, max: 1, connectionTimeoutMillis: 5000 }); // PC107

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (new URL(request.url).pathname === "/stats") {
      const { rows } = await statsPool.query("SELECT 1");
      return Response.json(rows[0]);
    }
    // a client per request, closed after the response: the Workers pattern, silent
    const adapter = new PrismaPg({ connectionString: env.HYPERDRIVE.connectionString, max: 1, connectionTimeoutMillis: 5000 });
    const prisma = new PrismaClient({ adapter });
    const orders = await prisma.order.findMany({ take: 20 });
    ctx.waitUntil(prisma.$disconnect());
    return Response.json(orders);
  },
};
