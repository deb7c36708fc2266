"""frameworks.mark_call rejects a call by its callee's last word (rows.MARKING_NAMES /
MARKING_METHODS, compared as bytes) before reading its chain or arguments, and
frameworks.mark_pair and rows.mark_pair_row a property by its key (PAIR_KEYS, the bytes
first): the marks, traits and registrations must be exactly those of the unfiltered
versions (kept here as the reference), on seeded and generated programs."""

from __future__ import annotations

import random
from pathlib import PurePosixPath
from unittest import mock

from hypothesis import given, settings, strategies as st

from poolcheck.frontends.ts_model import build, member_chain, strip
from poolcheck.frontends.typescript import frameworks, rows
from poolcheck.frontends.typescript.scopes import build_scopes
from poolcheck.vocabulary import frameworks_js as fj


def _reference_mark_call(s, call) -> None:
    """mark_call before the filter: every call's arguments, every row table asked."""
    fn = strip(call.child_by_field_name("function"))
    args = call.child_by_field_name("arguments")
    if fn is None or args is None:
        return
    argv = [a for a in args.named_children if a.type != "comment"]
    if fn.type == "identifier":
        name = s.prog.text(fn)
        rows.mark_call_properties(s, name, argv)
        rows.mark_call_rows(s, call, argv, name=name)
    elif fn.type == "member_expression":
        root, segments = member_chain(s.prog, fn)
        rows.mark_call_rows(s, call, argv, method=segments[-1] if segments else "", root=root,
                            receiver=strip(fn.child_by_field_name("object")))


_unfiltered_pair_row = rows.mark_pair_row


def _reference_mark_pair_row(s, key, value) -> None:
    """mark_pair_row before the key filter: every PAIR_ROWS row compared."""
    with mock.patch.object(rows, "PAIR_KEYS", _EveryKey()):
        _unfiltered_pair_row(s, key, value)


def _reference_mark_pair(s, pair) -> None:
    """frameworks.mark_pair before its byte filter: every pair's key and value read."""
    key = pair.child_by_field_name("key")
    value = pair.child_by_field_name("value")
    if key is None or value is None:
        return
    rows.mark_pair_row(s, s.prog.text(key).strip("'\""), value)


class _EveryKey:
    def __contains__(self, _key) -> bool:
        return True


IMPORTS = [
    "import express from 'express';\n", "import { Hono } from 'hono';\n",
    "import Fastify from 'fastify';\n", "import { PrismaClient } from '@prisma/client';\n",
    "import CredentialsProvider from 'next-auth/providers/credentials';\n",
    "import { initTRPC } from '@trpc/server';\n", "import { app as az } from '@azure/functions';\n",
]
BODY = [
    "const app = express();\n", "const prisma = new PrismaClient();\n",
    "app.get('/u', async (req, res) => { await prisma.user.findMany(); });\n",
    "app.use(async (req, res, next) => next());\n",
    "router.post('/p', handler);\nfunction handler(req, res) { return prisma.user.create({}); }\n",
    "const h = new Hono(); h.get('/x', (c) => c.json(c.env.DB));\n",
    "addEventListener('fetch', (e) => e.respondWith(go()));\n",
    "export default { fetch(req, env) { return new Response(); } };\n",
    "export const handler = async (event) => ({ statusCode: 200 });\n",
    "describe('x', () => { beforeAll(async () => { await prisma.$connect(); }); it('y', () => {}); });\n",
    "afterAll(() => prisma.$disconnect());\n",
    "CredentialsProvider({ async authorize(c) { return prisma.user.findFirst(); } });\n",
    "Credentials({ authorize: async () => null, name: 'x' });\n",
    "export default defineEventHandler(async (event) => prisma.post.findMany());\n",
    "const server = { resolvers: { Query: { users: () => prisma.user.findMany() } } };\n",
    "const resolvers = { Mutation: { add: async () => 1 } };\n",
    "const t = initTRPC.create(); export const r = t.procedure.query(async () => 1);\n",
    "const opts = { context: async ({ req }) => ({ prisma }), callbacks: { session: () => 1 } };\n",
    "export const createContext = async () => ({ prisma });\n",
    "az.http('fn', { handler: async (req) => ({ body: '' }) });\n",
    "fastify.addHook('onRequest', async () => {});\n",
    "(app as any).delete('/d', (req, res) => res.end());\n",
    "app.get!('/bang', (req, res) => {});\n",
    "app['post']('/sub', (req, res) => {});\n",
    "export const runtime = 'edge';\n",
    "async function main() { await prisma.user.count(); }\nmain().catch(console.error);\n",
    "'use server';\n", "export async function act() { 'use server'; await prisma.user.delete({}); }\n",
]
LOOKALIKES = [
    "prisma.user.findMany({ where: { get: 1 } });\n", "map.get('k');\n", "cache.get(/* comment */ key);\n",
    "const o = { query: 1, 'resolve': () => 2, Query: 3, [k]: 4, \"context\": () => 5 };\n",
    "const p = { '\"resolvers\"': { Query: { a: () => 1 } }, 'événement': 1, events: { x() {} } };\n", "emitter.on('x', () => {});\n",
    "x.y.z.use;\n", "fn()(1);\n", "new Foo().post('/a', () => {});\n", "obj?.get?.('/q', () => {});\n",
    "test.each([1])('t', () => {});\n", "get('/plain', () => {});\n", "`${a.use(b)}`;\n",
]
PATHS = ["src/server.ts", "app/api/users/route.ts", "src/index.test.ts", "pages/api/x.ts",
         "worker/src/index.ts", "scripts/seed.ts"]


def _summary(text: str, path: str):
    data = text.encode()
    prog = build(data, "tsx")
    s = build_scopes(prog, PurePosixPath(path), lambda a, b=None: (a, b))
    traits_only = list(s.traits)
    s._ensure_marks()
    marks = sorted((prog.functions[fid].start_byte if fid in prog.functions else -1, sc.kind.value,
                    sc.framework, sc.name) for fid, sc in s.marks.items())
    elsewhere = [(v.start_byte if v is not None else -1, sc.kind.value, sc.framework, sc.name)
                 for v, sc in s.registered_elsewhere]
    traits = [(n, node.start_byte if node is not None else -1, d) for n, node, d in traits_only + s.traits]
    return marks, elsewhere, traits, s.worker, s.calls_own_main


def _compare(text: str, path: str) -> int:
    new = _summary(text, path)
    with mock.patch.object(frameworks, "mark_call", _reference_mark_call), \
            mock.patch.object(frameworks, "mark_pair", _reference_mark_pair), \
            mock.patch.object(rows, "mark_pair_row", _reference_mark_pair_row):
        old = _summary(text, path)
    assert new == old, text
    return len(new[0])


def test_seeded_programs_mark_as_without_the_filter():
    rng = random.Random(15)
    marked = 0
    for _ in range(150):
        pieces = rng.sample(IMPORTS, rng.randint(0, 3)) + \
            [rng.choice(BODY + LOOKALIKES) for _ in range(rng.randint(1, 8))]
        marked += _compare("".join(pieces), rng.choice(PATHS)) > 0
    assert marked > 50  # the comparison covers programs that do get marks


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.sampled_from(PATHS), st.lists(st.sampled_from(IMPORTS + BODY + LOOKALIKES), min_size=1, max_size=8))
def test_generated_programs_mark_as_without_the_filter(path, pieces):
    _compare("".join(pieces), path)


def test_the_filter_words_are_every_row_word():
    names = set().union(*(row.names for row in fj.CALL_ROWS), *(row.callees for row in fj.CALL_PROPERTY_ROWS))
    methods = set().union(*(row.methods for row in fj.CALL_ROWS))
    assert rows.MARKING_NAMES == names and rows.MARKING_METHODS == methods
    assert {"get", "use", "addEventListener", "CredentialsProvider"} <= rows.MARKING_NAMES | rows.MARKING_METHODS
    assert "findMany" not in rows.MARKING_METHODS
