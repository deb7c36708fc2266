import Fastify from "fastify"
import { routes } from "./plugin"
const fastify = Fastify()
fastify.register(routes)
fastify.listen({ port: 3001 })
