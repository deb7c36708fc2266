import { Ctrl } from "./ctrl"
import { Other } from "./other"
// a Fastify plugin registering an inline instance's method
export async function routes(fastify: any, options: any) {
  fastify.get("/f", { preHandler: [] }, new Ctrl().one)
  fastify.get("/g", new Other().drop)   // an unrelated class's method of the same kind: silent
}
