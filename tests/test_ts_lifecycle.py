"""PC101/PC104/PC105/PC106/PC108 on TypeScript/JavaScript: true positives across frameworks
and the look-alikes that must stay silent."""

import pytest

from conftest import codes_at

IMPORT = "import { PrismaClient } from '@prisma/client'\n"


def tidy(cases):
    """`IMPORT + \"\"\"\n...` leaves a blank line 2: drop it so line numbers read naturally."""
    return {k: (v[0], v[1].replace(IMPORT + "\n", IMPORT), *v[2:]) for k, v in cases.items()}

# (path, source, [(line, code)]) -- every case asserts the exact findings.
PC101_POSITIVE = {
    "nextjs-app": ("app/api/users/route.ts", IMPORT + """
export async function GET() {
  const prisma = new PrismaClient()
  return Response.json(await prisma.user.findMany())
}
""", [(3, "PC101")]),
    "nextjs-pages": ("pages/api/users.ts", IMPORT + """
export default async function handler(req, res) {
  const prisma = new PrismaClient()
  res.json(await prisma.user.findMany())
}
""", [(3, "PC101")]),
    "server-action": ("app/actions.ts", "'use server'\n" + IMPORT + """
export async function createUser(name: string) {
  const db = new PrismaClient()
  await db.user.create({ data: { name } })
}
""", [(4, "PC101")]),
    "express": ("src/server.js", """const { PrismaClient } = require('@prisma/client')
const express = require('express')
const app = express()
app.get('/users', async (req, res) => {
  const prisma = new PrismaClient()
  res.json(await prisma.user.findMany())
})
""", [(5, "PC101")]),
    "express-named-handler": ("src/routes.ts", IMPORT + """import { Router } from 'express'
const router = Router()
async function listUsers(req, res) {
  const prisma = new PrismaClient()
  res.json(await prisma.user.findMany())
}
router.get('/users', listUsers)
""", [(5, "PC101")]),
    "fastify": ("src/app.ts", IMPORT + """import Fastify from 'fastify'
const fastify = Fastify()
fastify.post('/users', async (request, reply) => {
  const prisma = new PrismaClient()
  return prisma.user.create({ data: request.body })
})
""", [(5, "PC101")]),
    "hono": ("src/index.ts", IMPORT + """import { Hono } from 'hono'
const app = new Hono()
app.get('/', async (c) => c.json(await new PrismaClient().user.findMany()))
""", [(4, "PC101")]),
    "koa": ("src/koa.js", IMPORT + """import Koa from 'koa'
const app = new Koa()
app.use(async (ctx) => { ctx.body = await new PrismaClient().user.findMany() })
""", [(4, "PC101")]),
    "nestjs": ("src/users.controller.ts", IMPORT + """import { Controller, Get } from '@nestjs/common'
@Controller('users')
export class UsersController {
  @Get()
  async findAll() {
    const prisma = new PrismaClient()
    return prisma.user.findMany()
  }
}
""", [(7, "PC101")]),
    "trpc-context": ("src/server/context.ts", IMPORT + """
export const createContext = async ({ req }) => {
  return { req, prisma: new PrismaClient() }
}
""", [(3, "PC101")]),
    "trpc-procedure": ("src/server/router.ts", IMPORT + """
export const appRouter = router({
  users: publicProcedure.query(async () => new PrismaClient().user.findMany()),
})
""", [(3, "PC101")]),
    "apollo-context": ("src/graphql.ts", IMPORT + """import { ApolloServer } from '@apollo/server'
const server = new ApolloServer({ typeDefs, resolvers })
await startStandaloneServer(server, {
  context: async ({ req }) => ({ prisma: new PrismaClient() }),
})
""", [(5, "PC101")]),
    "graphql-resolvers": ("src/resolvers.ts", IMPORT + """
export const resolvers = {
  Query: {
    users: async () => new PrismaClient().user.findMany(),
  },
}
""", [(4, "PC101")]),
    "remix": ("app/routes/users.tsx", IMPORT + """
export async function loader() {
  const prisma = new PrismaClient()
  return prisma.user.findMany()
}
""", [(3, "PC101")]),
    "sveltekit": ("src/routes/users/+page.server.ts", IMPORT + """
export const load = async () => {
  const prisma = new PrismaClient()
  return { users: await prisma.user.findMany() }
}
""", [(3, "PC101")]),
    "nuxt": ("server/api/users.get.ts", IMPORT + """
export default defineEventHandler(async (event) => {
  const prisma = new PrismaClient()
  return prisma.user.findMany()
})
""", [(3, "PC101")]),
    "astro-endpoint": ("src/pages/api/users.ts", IMPORT + """
export const GET = async () => new Response(JSON.stringify(await new PrismaClient().user.findMany()))
""", [(2, "PC101")]),
    "lambda": ("src/handler.js", """const { PrismaClient } = require('@prisma/client')
exports.handler = async (event) => {
  const prisma = new PrismaClient()
  return prisma.user.findMany()
}
""", [(3, "PC101")]),
    "google-functions": ("index.js", """const functions = require('@google-cloud/functions-framework')
const { PrismaClient } = require('@prisma/client')
functions.http('users', async (req, res) => {
  res.send(await new PrismaClient().user.findMany())
})
""", [(4, "PC101")]),
    "nextjs-middleware": ("middleware.ts", IMPORT + """
export async function middleware(request) {
  const prisma = new PrismaClient()
  await prisma.session.findFirst()
}
""", [(3, "PC101")]),
    "helper-called-from-handler": ("app/api/users/route.ts", IMPORT + """
function getClient() {
  return new PrismaClient()
}
export async function GET() {
  return Response.json(await getClient().user.findMany())
}
""", [(3, "PC101")]),
    "pg-pool-and-adapter": ("app/api/users/route.ts", """import { Pool } from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../../../generated/prisma/client'
export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 5, connectionTimeoutMillis: 5000 })
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
  return Response.json(await prisma.user.findMany())
}
""", [(6, "PC101")]),  # the pool and the adapter built for the client: one finding
    "renamed-import": ("app/api/x/route.ts", """import { PrismaClient as DB } from '@/generated/prisma/client'
export async function POST() { const db = new DB(); return Response.json(await db.user.count()) }
""", [(2, "PC101")]),
    "namespace-import": ("app/api/x/route.ts", """import * as Prisma from '@prisma/client'
export async function POST() { return Response.json(await new Prisma.PrismaClient().user.count()) }
""", [(2, "PC101")]),
}
PC101_POSITIVE = tidy(PC101_POSITIVE)


@pytest.mark.parametrize("case", sorted(PC101_POSITIVE))
def test_pc101_true_positives(check, case):
    path, src, want = PC101_POSITIVE[case]
    found = check({path: src}, select=["PC101"])
    assert codes_at(found) == sorted((path, line, code) for line, code in want)


def test_pc101_message_names_handler_and_related_call_chain(check):
    path, src, _ = PC101_POSITIVE["helper-called-from-handler"]
    found = check({path: src}, select=["PC101"])
    assert "`getClient`" in found[0].message and "Next.js app router" in found[0].message


PC101_SILENT = {
    "global-singleton": ("lib/prisma.ts", IMPORT + """
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient }
export const prisma = globalForPrisma.prisma ?? new PrismaClient()
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma
"""),
    "memoised-getter-in-handler": ("app/api/users/route.ts", IMPORT + """
let client: PrismaClient | undefined
function getClient() {
  if (!client) client = new PrismaClient()
  return client
}
export async function GET() { return Response.json(await getClient().user.findMany()) }
"""),
    "nullish-assign-global": ("app/api/users/route.ts", IMPORT + """
export async function GET() {
  globalThis.prisma ??= new PrismaClient()
  return Response.json(await globalThis.prisma.user.findMany())
}
"""),
    "remix-singleton": ("app/routes/users.tsx", IMPORT + """import { singleton } from '~/singleton.server'
export async function loader() {
  const prisma = singleton('prisma', () => new PrismaClient())
  return prisma.user.findMany()
}
"""),
    "seed-script": ("prisma/seed.ts", IMPORT + """
const prisma = new PrismaClient()
async function main() { await prisma.user.create({ data: { name: 'a' } }) }
main().finally(() => prisma.$disconnect())
"""),
    "self-calling-main": ("tools/import-users.ts", IMPORT + """
async function main() {
  const prisma = new PrismaClient()
  await prisma.user.findMany()
  await prisma.$disconnect()
}
main().catch(console.error)
"""),
    "test-file": ("src/users.test.ts", IMPORT + """
let prisma: PrismaClient
beforeAll(() => { prisma = new PrismaClient() })
afterAll(async () => { await prisma.$disconnect() })
test('x', async () => { const p = new PrismaClient(); await p.user.count() })
"""),
    "nestjs-service": ("src/prisma.service.ts", IMPORT + """import { Injectable, OnModuleInit, OnModuleDestroy } from '@nestjs/common'
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  async onModuleInit() { await this.$connect() }
  async onModuleDestroy() { await this.$disconnect() }
}
"""),
    "cloudflare-worker": ("src/worker.ts", IMPORT + """import { PrismaPg } from '@prisma/adapter-pg'
export default {
  async fetch(request, env, ctx) {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL, max: 1, connectionTimeoutMillis: 2000 }) })
    const users = await prisma.user.findMany()
    ctx.waitUntil(prisma.$disconnect())
    return Response.json(users)
  },
}
"""),
    "transaction-shadowing": ("app/api/users/route.ts", """import { prisma } from '@/lib/prisma'
export async function POST() {
  await prisma.$transaction(async (prisma) => {
    await prisma.user.create({ data: {} })
  })
  return new Response('ok')
}
"""),
    "module-level-in-route": ("app/api/users/route.ts", IMPORT + """
const prisma = new PrismaClient()
export async function GET() { return Response.json(await prisma.user.findMany()) }
"""),
    "unrelated-class-named-prisma": ("app/api/x/route.ts", """import { PrismaClient } from './my-own-thing'
export async function GET() { return Response.json(new PrismaClient()) }
"""),
    "plain-function": ("src/lib/factory.ts", IMPORT + """
export function makeClient() { return new PrismaClient() }
"""),
}
PC101_SILENT = tidy(PC101_SILENT)


@pytest.mark.parametrize("case", sorted(PC101_SILENT))
def test_lifecycle_look_alikes_stay_silent(check, case):
    path, src = PC101_SILENT[case]
    assert codes_at(check({path: src}, select=["PC1"])) == []


def test_accelerate_client_per_request_is_info(check):
    found = check({"app/api/x/route.ts": """import { PrismaClient } from '@prisma/client/edge'
import { withAccelerate } from '@prisma/extension-accelerate'
export async function GET() {
  const prisma = new PrismaClient().$extends(withAccelerate())
  return Response.json(await prisma.user.findMany())
}
"""}, select=["PC101"])
    assert codes_at(found) == [("app/api/x/route.ts", 4, "PC101")]
    assert "Accelerate" in found[0].message


PC104_CASES = {
    "nextjs-finally": ("app/api/users/route.ts", """import { prisma } from '@/lib/prisma'
export async function GET() {
  try { return Response.json(await prisma.user.findMany()) }
  finally { await prisma.$disconnect() }
}
""", [(4, "PC104")]),
    "express": ("src/app.js", """import express from 'express'
import { db } from './db'
const app = express()
app.post('/x', async (req, res) => { await db.user.create({ data: {} }); await db.$disconnect(); res.end() })
""", [(4, "PC104")]),
    "sveltekit": ("src/routes/api/+server.ts", """import prisma from '$lib/prisma'
export async function GET() { const u = await prisma.user.findMany(); await prisma.$disconnect(); return json(u) }
""", [(2, "PC104")]),
    "nestjs-this": ("src/users.controller.ts", """import { Controller, Post } from '@nestjs/common'
@Controller('users')
export class UsersController {
  constructor(private prisma: PrismaService) {}
  @Post()
  async create() { await this.prisma.user.create({ data: {} }); await this.prisma.$disconnect() }
}
""", [(6, "PC104")]),
    "own-client-disconnect-is-pc101-only": ("app/api/users/route.ts", IMPORT + """
export async function GET() {
  const prisma = new PrismaClient()
  try { return Response.json(await prisma.user.findMany()) } finally { await prisma.$disconnect() }
}
""", [(3, "PC101")]),
}
PC104_CASES = tidy(PC104_CASES)


@pytest.mark.parametrize("case", sorted(PC104_CASES))
def test_pc104(check, case):
    path, src, want = PC104_CASES[case]
    found = check({path: src}, select=["PC101", "PC104"])
    assert codes_at(found) == sorted((path, line, code) for line, code in want)


PC105_108 = {
    "nextjs": ("app/api/users/route.ts", """import { prisma } from '@/lib/prisma'
export async function GET() {
  await prisma.$connect()
  prisma.$on('query', (e) => console.log(e))
  return Response.json(await prisma.user.findMany())
}
""", [(3, "PC105"), (4, "PC108")]),
    "express": ("src/app.ts", """import express from 'express'
import prisma from './prisma'
const app = express()
app.use(async (req, res, next) => { prisma.$use(async (params, next) => next(params)); next() })
""", [(4, "PC108")]),
    "remix": ("app/routes/x.tsx", """import { db } from '~/db.server'
export const action = async () => { await db.$connect(); return db.user.create({ data: {} }) }
""", [(2, "PC105")]),
    "startup-is-fine": ("src/main.ts", """import { prisma } from './db'
prisma.$on('query', (e) => console.log(e))
await prisma.$connect()
"""),
    # a health check connects on purpose (rallly's app/api/status/route.ts); PC108 still
    # applies there
    "health-check-connects-on-purpose": ("app/api/status/route.ts", """import { prisma } from '@/lib/prisma'
export async function GET() {
  await prisma.$connect()
  prisma.$on('query', (e) => console.log(e))
  return Response.json({ ok: true })
}
""", [(4, "PC108")]),
    "healthz-file": ("src/routes/healthz.ts", """import { db } from '~/db.server'
export const loader = async () => { await db.$connect(); return new Response('ok') }
"""),
}
PC105_108 = tidy(PC105_108)


@pytest.mark.parametrize("case", sorted(PC105_108))
def test_pc105_pc108(check, case):
    path, src, *rest = PC105_108[case]
    want = rest[0] if rest else []
    found = check({path: src}, select=["PC105", "PC108"])
    assert codes_at(found) == sorted((path, line, code) for line, code in want)


def test_pc105_is_info_for_typescript(check):
    path, src, _ = PC105_108["nextjs"]
    found = [f for f in check({path: src}, select=["PC105"])]
    assert len(found) == 1 and "adds latency" in found[0].message


PC106_CASES = {
    "for-of-in-script": ("scripts/migrate-tenants.ts", IMPORT + """
for (const tenant of tenants) {
  const prisma = new PrismaClient({ datasourceUrl: tenant.url })
  await prisma.user.count()
}
""", [(3, "PC106")]),
    "map-callback": ("src/tenants.ts", IMPORT + """
export const clients = tenants.map((t) => new PrismaClient({ datasourceUrl: t.url }))
""", [(2, "PC106")]),
    "while-retry-in-handler": ("app/api/x/route.ts", IMPORT + """
export async function GET() {
  while (true) { const p = new PrismaClient(); try { return Response.json(await p.user.count()) } catch {} }
}
""", [(3, "PC101"), (3, "PC106")]),
    "bounded-cache-is-fine": ("src/tenants.ts", IMPORT + """
const cache = new Map<string, PrismaClient>()
export function clientFor(ids: string[]) {
  for (const id of ids) { if (!cache.has(id)) cache.set(id, new PrismaClient()) }
}
""", []),
}
PC106_CASES = tidy(PC106_CASES)


@pytest.mark.parametrize("case", sorted(PC106_CASES))
def test_pc106(check, case):
    path, src, want = PC106_CASES[case]
    found = check({path: src}, select=["PC101", "PC106"])
    assert codes_at(found) == sorted((path, line, code) for line, code in want)


def test_hono_on_workers_per_request_client_is_fine(check):
    src = """import { Hono } from 'hono'
import { PrismaClient } from '@prisma/client'
import { PrismaPg } from '@prisma/adapter-pg'
const app = new Hono()
app.get('/', async (c) => {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: c.env.HYPERDRIVE.connectionString, max: 1, connectionTimeoutMillis: 1000 }) })
  const users = await prisma.user.findMany()
  c.executionCtx.waitUntil(prisma.$disconnect())
  return c.json(users)
})
export default app
"""
    assert codes_at(check({"src/index.ts": src}, select=["PC1"])) == []


def test_pc101_in_a_helper_names_the_helper_and_the_handler_that_calls_it(check):
    findings = check({"app/api/x/route.ts": """
        import { PrismaClient } from '@prisma/client'

        function getDb() {
          return new PrismaClient()
        }

        export async function GET() {
          const db = getDb()
          return Response.json(await db.user.findMany())
        }
        """}, select=["PC101"])
    assert [(f.path, f.line, f.code) for f in findings] == [("app/api/x/route.ts", 4, "PC101")]
    assert "in `getDb`, called from the `GET` request handler (Next.js app router)" in findings[0].message


EDGE_ROUTE = """
import { PrismaClient } from '@prisma/client'
import { withAccelerate } from '@prisma/extension-accelerate'
%s
export async function GET() {
  const prisma = new PrismaClient().$extends(withAccelerate())
  const users = await prisma.user.findMany()
  await prisma.$disconnect()
  return Response.json(users)
}
"""


def test_next_edge_runtime_route_may_construct_per_request(check):
    findings = check({"app/api/edge/route.ts": EDGE_ROUTE % "export const runtime = 'edge'",
                      "app/api/node/route.ts": EDGE_ROUTE % ""}, select=["PC101", "PC104"])
    # The Node.js route is still reported (at info level: Accelerate keeps the pool).
    assert [(f.path, f.code) for f in findings] == [("app/api/node/route.ts", "PC101")]


def test_runtime_option_declares_an_edge_project(tree):
    from conftest import check_tree

    root = tree({"app/api/node/route.ts": EDGE_ROUTE % "", "poolcheck.toml": "runtime = 'edge'\n"})
    assert check_tree(root, select=["PC101", "PC104"]) != []
    assert check_tree(root, select=["PC101", "PC104"], config=root / "poolcheck.toml") == []


def test_adapter_handed_to_a_client_built_per_request_is_one_finding(tmp_path):
    # the client and the adapter in its options are one construction per request: one PC101,
    # on the client; a pool built per request on its own is still PC101
    from conftest import check_tree, write_tree

    write_tree(tmp_path, {
        "package.json": '{"name": "a", "dependencies": {"@prisma/client": "6.0.0", "express": "4.0.0"}}',
        "src/app.ts": """
            import express from "express";
            import { PrismaClient } from "@prisma/client";
            import { PrismaPg } from "@prisma/adapter-pg";
            import { Pool } from "pg";
            const app = express();
            app.get("/", async (req, res) => {
              const db = new PrismaClient({
                adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }),
              });
              res.json(await db.user.findMany());
            });
            app.get("/raw", async (req, res) => {
              const pool = new Pool({ connectionString: process.env.DATABASE_URL });
              res.json((await pool.query("select 1")).rows);
            });
        """})
    found = [(f.path, f.line, f.code) for f in check_tree(tmp_path, select=["PC101"])]
    assert sorted(found) == [("src/app.ts", 7, "PC101"), ("src/app.ts", 13, "PC101")]
