"""Framework conventions of TS/JS as rows (vocabulary.frameworks_js): each framework added
as rows flags per-request code and leaves its look-alikes alone.

The probe is a `new PrismaClient()` inside the function: its scope says how often the
function runs (request: PC101 territory; startup/function: not per request)."""

from pathlib import Path

import pytest

from poolcheck.config import load_settings
from poolcheck.facts import ClientConstruction, ScopeKind
from poolcheck.frontends import analyse
from poolcheck.core.sources import Source
from poolcheck.rules import implemented_codes
from poolcheck.vocabulary import frameworks_js as fj

IMPORT = 'import { PrismaClient } from "@prisma/client"\n'


def scope_of(path: str, src: str):
    settings = load_settings(None, implemented_codes())
    facts = analyse(Source.from_bytes(Path(path), "typescript", (IMPORT + src).encode()), settings)
    constructions = list(facts.of(ClientConstruction))
    assert len(constructions) == 1, constructions
    return constructions[0].scope


FLAGGED = {
    "vike +data named": ("pages/movies/+data.ts",
                         "export { data }\nasync function data(pageContext) { const db = new PrismaClient() }\n",
                         "Vike", "data"),
    "vike +guard default": ("pages/admin/+guard.ts",
                            "export default async (pageContext) => { const db = new PrismaClient() }\n",
                            "Vike", "guard"),
    "vike +onBeforeRender.server": ("renderer/+onBeforeRender.server.ts",
                                    "export async function onBeforeRender(ctx) { new PrismaClient() }\n",
                                    "Vike", "onBeforeRender"),
    "vike +onCreatePageContext": ("pages/+onCreatePageContext.ts",
                                  "export const onCreatePageContext = async (pc) => { new PrismaClient() }\n",
                                  "Vike", "onCreatePageContext"),
    "nextauth authorize method": (
        "lib/auth.ts",
        'import CredentialsProvider from "next-auth/providers/credentials"\n'
        "export const authOptions = { providers: [CredentialsProvider({ name: 'pw',\n"
        "  async authorize(credentials) { const db = new PrismaClient(); return null } })] }\n",
        "NextAuth / Auth.js", "authorize"),
    "auth.js authorize property": (
        "auth.ts",
        'import Credentials from "next-auth/providers/credentials"\n'
        "export const config = { providers: [Credentials({ authorize: async (c) => { new PrismaClient() } })] }\n",
        "NextAuth / Auth.js", "authorize"),
    "nextauth jwt callback": (
        "lib/auth.ts",
        'import type { NextAuthOptions } from "next-auth"\n'
        "export const authOptions: NextAuthOptions = { callbacks: {\n"
        "  async jwt({ token }) { const db = new PrismaClient(); return token } } }\n",
        "NextAuth / Auth.js", "jwt"),
    "auth.js session callback": (
        "auth.ts",
        'import NextAuth from "next-auth"\n'
        "export const { handlers, auth } = NextAuth({ callbacks: {\n"
        "  session: async ({ session }) => { new PrismaClient(); return session } } })\n",
        "NextAuth / Auth.js", "session"),
    "auth.js signIn event (@auth/sveltekit)": (
        "src/auth.ts",
        'import { SvelteKitAuth } from "@auth/sveltekit"\n'
        "export const { handle } = SvelteKitAuth({ events: { async signIn(msg) { new PrismaClient() } } })\n",
        "NextAuth / Auth.js", "signIn"),
    "sveltekit pre-1.0 typed endpoint": (
        "src/routes/api/users.ts",
        'import type { RequestHandler } from "@sveltejs/kit"\n'
        "export const post: RequestHandler = async () => { new PrismaClient(); return { status: 200 } }\n",
        "SvelteKit", "post"),
    "sveltekit pre-1.0 function endpoint": (
        "src/routes/blog/[slug].ts",
        "export async function get({ params }) { const db = new PrismaClient(); return { body: {} } }\n",
        "SvelteKit", "get"),
    "sveltekit pre-1.0 endpoint without parameters": (
        "src/routes/api/users.js",
        "export async function get() { const db = new PrismaClient(); return { body: await db.user.findMany() } }\n",
        "SvelteKit", "get"),
    "tRPC middleware": (
        "src/server/trpc.ts",
        'import { initTRPC } from "@trpc/server"\nconst t = initTRPC.create()\n'
        "export const withDb = t.middleware(async ({ next }) => { new PrismaClient(); return next() })\n",
        "tRPC middleware", "middleware"),
    "h3 utility taking the event": (
        "server/utils/db.ts",
        'import type { H3Event } from "h3"\n'
        "export function useDB(event: H3Event) { return new PrismaClient() }\n",
        "Nuxt / h3 utility", "useDB"),
    "h3 arrow utility": (
        "server/utils/auth.ts",
        "export const requireUser = async (event: H3Event<EventHandlerRequest>) => { new PrismaClient() }\n",
        "Nuxt / h3 utility", "requireUser"),
}


@pytest.mark.parametrize("case", sorted(FLAGGED))
def test_framework_rows_mark_per_request_code(case):
    path, src, framework, name = FLAGGED[case]
    scope = scope_of(path, src)
    assert (scope.kind, scope.framework, scope.name) == (ScopeKind.REQUEST, framework, name)


SILENT = {
    "vike +onBeforePrerenderStart runs once": (
        "pages/+onBeforePrerenderStart.ts",
        "export async function onBeforePrerenderStart() { new PrismaClient() }\n", ScopeKind.STARTUP),
    "vike client-only hook": ("pages/+onRenderClient.ts",
                              "export async function onRenderClient(pc) { new PrismaClient() }\n",
                              ScopeKind.FUNCTION),
    "vike .client file": ("pages/+data.client.ts",
                          "export async function data(pc) { new PrismaClient() }\n", ScopeKind.FUNCTION),
    "a `data` export outside a + file": ("lib/data.ts",
                                         "export async function data() { new PrismaClient() }\n",
                                         ScopeKind.FUNCTION),
    "authorize outside a Credentials provider": (
        "lib/policy.ts",
        "export const policy = { async authorize(user) { new PrismaClient() } }\n", ScopeKind.FUNCTION),
    "callbacks in a file without next-auth": (
        "lib/jobs.ts",
        "export const queue = { callbacks: { async onDone(job) { new PrismaClient() } } }\n",
        ScopeKind.FUNCTION),
    "a helper called get in src/routes": (
        "src/routes/utils.ts",
        "export function get(key: string) { return new PrismaClient() }\n", ScopeKind.FUNCTION),
    "a helper called get without parameters in src/routes": (
        "src/routes/cache.ts",
        "export function get() { const db = new PrismaClient(); return db }\n", ScopeKind.FUNCTION),
    "sveltekit 1.0 + files keep their own rows": (
        "src/routes/+page.ts",
        "export async function get({ params }) { new PrismaClient() }\n", ScopeKind.FUNCTION),
    "a DOM event handler": ("src/ui.ts",
                            "export function onClick(event: MouseEvent) { new PrismaClient() }\n",
                            ScopeKind.FUNCTION),
}


@pytest.mark.parametrize("case", sorted(SILENT))
def test_look_alikes_of_the_new_rows_are_not_per_request(case):
    path, src, kind = SILENT[case]
    assert scope_of(path, src).kind is kind


def test_a_route_handler_calling_an_h3_utility_keeps_its_own_scope():
    scope = scope_of("server/api/users.get.ts",
                     "export default defineEventHandler(async (event) => { new PrismaClient() })\n")
    assert (scope.kind, scope.framework) == (ScopeKind.REQUEST, "Nuxt / Nitro")


def test_pc101_flags_a_client_built_in_a_vike_data_hook(check):
    findings = check({
        "package.json": '{"dependencies": {"@prisma/client": "6.2.0", "vike": "0.4.200"}}',
        "pages/movies/+data.ts": IMPORT + "export async function data() {\n"
                                          "  const db = new PrismaClient()\n  return db.movie.findMany()\n}\n",
        "pages/movies/+onBeforePrerenderStart.ts": IMPORT + "export async function onBeforePrerenderStart() {\n"
                                                            "  const db = new PrismaClient()\n}\n",
    }, select=["PC101"])
    assert [(f.path, f.line) for f in findings] == [("pages/movies/+data.ts", 3)]


def test_every_export_row_names_a_scope_kind_and_a_known_check():
    from poolcheck.frontends.typescript.rows import CHECKS
    for row in fj.EXPORT_ROWS:
        ScopeKind(row.kind)
        assert row.check is None or row.check in CHECKS
        assert row.label in ("name", "stem", "hook", "route_file")


CALLS = {
    "express route": ("src/app.ts", 'import express from "express"\nconst app = express()\n'
                      "app.get('/u', async (req, res) => { new PrismaClient() })\n", ScopeKind.REQUEST, "Express"),
    "fastify hook": ("src/app.ts", 'import Fastify from "fastify"\nconst f = Fastify()\n'
                     "f.addHook('preHandler', async (req) => { new PrismaClient() })\n", ScopeKind.REQUEST, "Fastify"),
    "hono on": ("src/app.ts", 'import { Hono } from "hono"\nconst app = new Hono()\n'
                "app.on('GET', '/x', async (c) => { new PrismaClient() })\n", ScopeKind.REQUEST, "Hono"),
    "google cloud function": ("index.ts", 'import * as functions from "@google-cloud/functions-framework"\n'
                              "functions.http('api', async (req, res) => { new PrismaClient() })\n",
                              ScopeKind.REQUEST, "Google Cloud Functions"),
    "azure app.http": ("src/fn.ts", 'import { app } from "@azure/functions"\n'
                       "app.http('users', { handler: async (req) => { new PrismaClient() } })\n",
                       ScopeKind.REQUEST, "Azure Functions"),
    "trpc procedure": ("src/router.ts", "export const r = t.router({ list: publicProcedure.query(async () => "
                       "{ new PrismaClient() }) })\n", ScopeKind.REQUEST, "tRPC"),
    "nitro handler object": ("server/api/x.ts", "export default defineEventHandler({ handler: async (e) => "
                             "{ new PrismaClient() } })\n", ScopeKind.REQUEST, "Nuxt / Nitro"),
    "worker fetch listener": ("src/worker.ts", "addEventListener('fetch', (event) => { new PrismaClient() })\n",
                              ScopeKind.EDGE_REQUEST, "Cloudflare Workers"),
    "test hook": ("src/setup.ts", "beforeAll(async () => { new PrismaClient() })\n", ScopeKind.TEST, "tests"),
}


@pytest.mark.parametrize("case", sorted(CALLS))
def test_call_rows_mark_registered_handlers(case):
    path, src, kind, framework = CALLS[case]
    scope = scope_of(path, src)
    assert (scope.kind, scope.framework) == (kind, framework)


@pytest.mark.parametrize("path,src", [
    ("src/app.ts", 'import Fastify from "fastify"\nconst f = Fastify()\n'
                   "f.addHook('myCustomHook', async () => { new PrismaClient() })\n"),
    ("src/app.ts", 'import express from "express"\nconst app = express()\n'
                   "app.on('close', async () => { new PrismaClient() })\n"),
    ("src/cache.ts", "export const v = cache.get('k', async () => { new PrismaClient() })\n"),
    ("src/q.ts", "export const rows = pool.query(async () => { new PrismaClient() })\n"),
    ("src/ui.ts", "addEventListener('click', () => { new PrismaClient() })\n"),
])
def test_look_alikes_of_call_rows_stay_plain_functions(path, src):
    assert scope_of(path, src).kind is ScopeKind.FUNCTION


def test_every_call_row_names_known_handlers_checks_and_labels():
    from poolcheck.frontends.typescript.rows import CALL_CHECKS, HANDLERS
    for row in fj.CALL_ROWS:
        ScopeKind(row.kind)
        assert row.handlers in HANDLERS and (row.check is None or row.check in CALL_CHECKS)
        assert row.label in ("name", "first_arg", "none", "route_file") and bool(row.names) != bool(row.methods)
