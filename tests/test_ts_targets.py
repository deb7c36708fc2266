"""The full path's targeted lookups (frontends/typescript/targets.py) must change no fact:

- the calls found from their callees' words (`dispatch_calls`, `calls_named`) give the
  facts the visit of every call gave (the reference below visits every call again);
- the gates refined on the tree (`refine`, `analyser.refined_gates`) give the facts of the unrefined full path
  (`analyse(cheap=False)`), on the programs they send to the cheap path and on the ones
  they keep on the full path with some passes skipped (but the global cache accesses
  the global-cache pass finds where no client can be built: `gates.file_gates`' rule).

Both run over generated programs (a seeded generator and a derandomised Hypothesis
property) built from what decides the difference: client class names as types, comments,
strings, aliases and values; lifecycle, transaction, wrapper and fan-out calls written
every way the callee chain allows (parentheses, `!`, `as`, `await`, subscripts, `?.`); and
the look-alikes of their words."""

from __future__ import annotations

import random
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from unittest import mock

from hypothesis import given, settings, strategies as st

from poolcheck.core.sources import Source
from poolcheck.facts import ClientCall, ClientConstruction, GlobalCacheAccess, Transaction, TransactionCall
from poolcheck.frontends.ts_tree import in_tree_order, parse
from poolcheck.frontends.typescript import analyser, clients, targets
from poolcheck.frontends.typescript.gates import file_gates

IMPORTS = [
    "import { PrismaClient } from '@prisma/client';", "import type { PrismaClient } from '@prisma/client';",
    "import { type PrismaClient as PC, Pool } from 'pg';", "import { PrismaClient as DB } from '@prisma/client';",
    "import pg from 'pg';", "import { PrismaPg } from '@prisma/adapter-pg';", "const { Pool: P2 } = require('pg');",
    "export { PrismaClient } from '@prisma/client';", "import { prisma } from '~/db.server';",
    "import { db } from './db';", "import type { Prisma } from '@prisma/client';",
    "import { withTransaction } from './tx';", "import * as P from '@prisma/client';",
]
BODY = [
    "const c = new PrismaClient();", "const d = new DB();", "const e = new PC();", "const f = new pg.Pool();",
    "const pool = new Pool({ connectionString: 'postgres://u:p@h/db' });", "const a2 = new P.PrismaClient();",
    "class S extends PrismaClient { constructor() { super({ log: [] }) } }", "class T2 extends DB {}",
    "let a: PrismaClient;", "function f1(p: Pool): PrismaClient { return p as any }",
    "// new PrismaClient()", "const s = 'Pool';", "const t = `new PrismaClient()`;", "x['Pool'];",
    "const o = { Pool: 1 };", "type T = { Pool: PrismaClient };", "interface I extends PrismaClient {}",
    "class K implements PrismaClient {}", "const j = <A>Pool</A>;", "const re = /Pool/;",
    "const adapter = new PrismaPg({ connectionString: u });", "const PrismaClient = 1;",
    "#prismaClient: PrismaClient;", "constructor(prismaClient: PrismaClient = prisma) {}",
    "await prisma.$transaction(async (tx) => { await tx.user.create({}); await fetch('x'); });",
    "await prisma.$transaction([prisma.user.findMany(), prisma.post.count()], { timeout: 5000 });",
    "await withTransaction(async (tx) => { await tx.user.findMany(); await sendMail(); });",
    "await db.runInTx(async (tx: Prisma.TransactionClient) => tx.x.y());",
    "withTX(async (t) => t.user.findMany());", "RUN_IN_TRANSACTION(async (tx) => tx.user.count());",
    "await this.prisma.transaction(async (tx) => tx.user.findFirst());",
    "PrismaTransaction.start(async (tx) => { await tx.order.update({}); });",
    "await (prisma.$connect)();", "prisma.$connect();", "await prisma.$disconnect();",
    "prisma!.$on('query', (e) => e);", "(prisma as any).$use(async (p, next) => next(p));",
    "prisma['$transaction']([a]);", "prisma?.$transaction?.([a]);",
    "await Promise.all(ids.map((id) => prisma.user.findUnique({ where: { id } })));",
    "await Promise?.all(xs.map((x) => db.user.count()));", "await Promise.allSettled(xs.map(async (x) => db.post.findMany()));",
    "await (Promise).all(xs.map((x) => prisma.user.delete({ where: { x } })));",
    "await Promise.all(xs.map((x) => x + 1));", "await Promise.all([a, b]);", "Promise.all(xs.map(save));",
    "await Promise.all(xs.map(async (x) => { const r = await fetch(x); return db['user'].count(); }));",
    "const tx = 1; tx.run();", "ctx.prisma.user.findMany();", "this.prisma.$transaction([a]);",
    "// prisma.$transaction(", "const s2 = 'withTx(';", "const txt = ctx.tx;",
    "async function main() { const p = new PrismaClient(); await p.$connect(); await p.$disconnect(); }\nmain();",
    "await (await tx.$queryRaw)<T>`SELECT 1`;", "await prisma.$queryRaw<T>`SELECT 1`;",
    "prisma.user.findMany().then((x) => x);", "globalThis.prisma = p;",
    "const g = globalThis; g.prisma ??= new PrismaClient();",
    "export const GET = async () => { await prisma.$transaction(async (tx) => tx.user.findMany()); };",
    "export async function POST(req) { const db2 = new PrismaClient(); await db2.$disconnect(); }",
    "function helper(tx) { return tx.user.findMany(); }", "await prisma.$transaction((tx) => helper(tx));",
    "const { $transaction } = prisma; await $transaction(async (tx) => tx.user.count());",
    "db.$extends({}).$transaction(async (tx) => tx.a.findMany());", "foo().$connect();",
    "x[withTx](fn);", "a.b.inTx(async (tx) => tx.m.upsert({}));", "s.beginTx().commit();",
    "const q = process.env.DATABASE_URL + '?connection_limit=1';",
    "const u = `${process.env.DATABASE_URL}?pgbouncer=true`;", "const v = env.DATABASE_URL + `&a=${n}`;",
    "const url = new URL(process.env.DATABASE_URL); url.searchParams.set('connection_limit', '1');",
    "(url.searchParams).append('pool_timeout', 5);", "process.env.DATABASE_URL.concat('?x=1');",
    "const dbUrl = process.env.DATABASE_URL; const w = dbUrl + '?a\\n=1';",
    "@Injectable({ scope: Scope.REQUEST }) export class R {}",
    "@Module({ providers: [PrismaService] }) export class M {}",
    "@nest.Module({ providers: [{ provide: X, useClass: PrismaService, scope: Scope.REQUEST }] }) class N {}",
]
# Pieces whose words open a byte gate that the tree closes again.
LOOKALIKES = [
    "let a: PrismaClient;", "function f1(p: Pool): PrismaClient { return p as any }", "// new PrismaClient()",
    "const s = 'Pool';", "const t = `new PrismaClient()`;", "x['Pool'];", "type T = { Pool: PrismaClient };",
    "interface I extends PrismaClient {}", "class K implements PrismaClient {}", "const re = /Pool/;",
    "#prismaClient: PrismaClient;", "// prisma.$transaction(", "const s2 = 'withTx(';", "const txt = ctx.tx;",
    "ctx.prisma.user.findMany();", "prisma.user.findMany().then((x) => x);", "const j = <A>Pool</A>;",
    "const a3 = b ? '?' : '&';", "const p3 = `${base}?page=2`;", "const s3 = \"?a\";", "// env + '?x=1'",
    "const r3 = url.searchParams.get('x');", "const [searchParams] = useSearchParams();",
    "const o3 = { searchParams: 1, env: 2 };", "const e3 = process.env.NODE_ENV + '&x';",
    "@Injectable() export class S { constructor(private readonly prisma: PrismaService) {} }",
    "// @Module({ providers: [A] })", "const mail = 'a@Module.io';", "/** @param x Injectable */",
    "@Controller('x') class C { @Get() list() {} }", "@Module(options) class O {}",
]
PATHS = ["src/lib/db.ts", "app/api/users/route.ts", "src/components/List.tsx", "tests/db.test.ts",
         "scripts/seed.ts", "src/app.js", "apps/webapp/app/services/x.server.ts"]


def _source(path: str, text: str) -> Source:
    kind = "javascript" if path.endswith(".js") else "typescript"
    return Source.from_bytes(Path(path), kind, text.encode())


def _program(rng: random.Random) -> str:
    pieces = LOOKALIKES if rng.random() < 0.3 else BODY
    lines = [rng.choice(IMPORTS[:5]) for _ in range(rng.randint(0, 2))]
    lines += [rng.choice(pieces) for _ in range(rng.randint(1, 5))]
    rng.shuffle(lines) if rng.random() < 0.2 else None
    return "\n".join(lines) + "\n"


def _every_call(root, data: bytes, *_words) -> list:
    """The reference: every call of the tree, in tree order (what the passes visited)."""
    out, stack = [], [root]
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            out.append(node)
        stack.extend(node.named_children)
    return in_tree_order(out)


@contextmanager
def _visiting_every_call():
    with mock.patch.object(targets, "dispatch_calls", _every_call), \
            mock.patch.object(clients, "calls_named", _every_call):
        yield


def _check(path: str, text: str) -> tuple[bool, bool]:
    """Compare the three paths; (whether the refined gates differ, whether they made it cheap)."""
    src = _source(path, text)
    full = analyser.analyse(src, None, cheap=False)
    default = analyser.analyse(src, None)
    with _visiting_every_call():
        assert analyser.analyse(src, None, cheap=False) == full, (path, text)
    g = file_gates(src.data)
    tree = parse(src.data, analyser.grammar_for(src.kind, PurePosixPath(path)))
    refined = analyser.refined_gates(g, tree.root_node, src.data)
    if g.classes and not refined.classes:
        # the global-cache pass goes with the classes passes, as in gates.file_gates: its
        # facts are read only beside a construction of the same file, and there is none
        assert not list(full.of(ClientConstruction)), (path, text)
        full.facts = [f for f in full.facts if not isinstance(f, GlobalCacheAccess)]
    assert default == full, (path, text)
    return refined != g, refined != g and not any(refined)


def _on_tree(check, text: str) -> bool:
    """`check(root, data)` (one of targets' `*_possible`) on `text` parsed as TypeScript."""
    data = text.encode()
    return check(parse(data, "typescript").root_node, data)


def test_seeded_programs_give_the_same_facts_with_targeted_lookups():
    rng = random.Random(1515)
    refined = cheap = facts = 0
    for _ in range(500):
        path, text = rng.choice(PATHS), _program(rng)
        r, c = _check(path, text)
        refined += r
        cheap += c
        src = _source(path, text)
        found = analyser.analyse(src, None)
        facts += any(any(found.of(kind)) for kind in (ClientCall, Transaction, TransactionCall, ClientConstruction))
    # the generator reaches every side, or the comparison would prove nothing
    assert refined > 50 and cheap > 20 and facts > 100 and 500 - refined > 100, (refined, cheap, facts)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.sampled_from(PATHS), st.lists(st.sampled_from(IMPORTS + BODY + LOOKALIKES), min_size=1, max_size=7))
def test_generated_programs_give_the_same_facts_with_targeted_lookups(path, pieces):
    _check(path, "\n".join(pieces) + "\n")


def test_calls_named_finds_the_callees_words_through_wrappers_and_subscripts():
    data = (b"(a.$connect)(); a!.$connect(); (a as any).$connect(); a['$connect'](); a?.$connect?.();"
            b" x.$connectX(); x.y$connect(); f($connect); // a.$connect()\n'a.$connect()';")
    root = parse(data, "typescript").root_node
    calls = targets.calls_named(root, data, (b"$connect",))
    assert [data[c.start_byte:c.end_byte].decode() for c in calls] == [
        "(a.$connect)()", "a!.$connect()", "(a as any).$connect()", "a['$connect']()", "a?.$connect?.()"]
    # not `f($connect)` (an argument), `x.$connectX()`, `x.y$connect()`, the comment or the string


def test_classes_possible_only_for_a_client_class_used_as_a_value():
    def possible(text: str) -> bool:
        return _on_tree(targets.classes_possible, text)

    assert not possible("import type { PrismaClient } from '@prisma/client';\nlet p: PrismaClient; // Pool\n"
                        "const s = 'Pool'; type T = Prisma.PrismaClient;")
    assert not possible("import { PrismaClient as DB } from '@prisma/client';\nlet d: DB;")
    assert possible("import { PrismaClient as DB } from '@prisma/client';\nnew DB();")
    assert possible("import { Pool } from 'pg';\nconst p = new Pool();")
    assert possible("const p = new pg.Pool();")
    assert possible("export { PrismaClient } from '@prisma/client';")
    assert possible("import { PrismaPg } from '@prisma/adapter-pg';")
    assert not possible("class PrismaClientKnownRequestError {}\nconst PoolSize = 1;")


def test_appended_possible_only_for_a_query_text_or_a_search_params_write():
    def possible(text: str) -> bool:
        return _on_tree(targets.appended_possible, text)

    assert possible("const u = env.DATABASE_URL + '?connection_limit=1';")
    assert possible("const u = `${env.DATABASE_URL}?pgbouncer=true`;")
    assert possible("const u = env.DATABASE_URL + '?a\\n=1';")  # the `=` after an escape
    assert possible("url.searchParams.set('connection_limit', '1');")
    assert possible("(url.searchParams)!.append('x', 1);")
    assert not possible("const q = url.searchParams.get('x'); const [searchParams] = use(env);")
    assert not possible("const a = b ? '?' : '&'; const s = '?a'; // env + '?x=1'")
    assert not possible("const s = 'a?b=1'; const t = `x${y}z?`;")


# -- transactions: a declared call's later await, from the name's bytes (handled.waited_later)
USES = ["await {n};", "return {n};", "const arr = [{n}];", "g({n});", "await ({n})!;", "({n});", "{n}.then(h);",
        "const o = {{ {n} }};", "x.{n};", "'{n}';", "// await {n}", "function inner() {{ return {n}; }}",
        "const {n}2 = await {n}x;", "await {n}_;", "let q = {n} + 1;", "await a{n};", "h(() => {n});"]
DECLS = ["const {n} = tx.user.create({{}});", "let {n} = f();", "var {n} = await g();"]


def _walked_later(prog, declarator, name) -> bool:
    """The walk `waited_later` replaces: every identifier of the declarator's function."""
    from poolcheck.frontends.ts_model import enclosing_function

    fn = enclosing_function(declarator)
    stack, wanted = [fn if fn is not None else prog.root], prog.text(name)
    while stack:
        n = stack.pop()
        if n.type == "identifier" and prog.text(n) == wanted and n.start_byte > declarator.end_byte:
            p = n.parent
            while p is not None and p.type in ("parenthesized_expression", "non_null_expression"):
                p = p.parent
            if p is not None and p.type in ("await_expression", "return_statement", "array", "arguments",
                                            "shorthand_property_identifier"):
                return True
        stack.extend(n.named_children)
    return False


def _compare_waited(text: str) -> int:
    from poolcheck.frontends.ts_model import build
    from poolcheck.frontends.typescript.handled import waited_later

    prog = build(text.encode(), "typescript")
    waited = 0
    for decl in prog.nodes("variable_declarator"):
        name = decl.child_by_field_name("name")
        if name is not None and name.type == "identifier":
            expected = _walked_later(prog, decl, name)
            assert waited_later(prog, decl, name) == expected, text
            waited += expected
    return waited


def _waiting_program(rng: random.Random) -> str:
    n = rng.choice(["p", "res", "$p", "ñp"])
    lines = [rng.choice(USES + DECLS).format(n=n) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.5:
        lines = ["async function h1() {"] + lines + ["}"] + [rng.choice(USES).format(n=n)]
    return "\n".join(lines) + "\n"


def test_seeded_waits_after_a_declaration_match_the_walk():
    rng = random.Random(1517)
    waited = sum(_compare_waited(_waiting_program(rng)) for _ in range(400))
    assert waited > 50, waited


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(USES + DECLS), min_size=1, max_size=6), st.sampled_from(["p", "res", "ñp"]))
def test_generated_waits_after_a_declaration_match_the_walk(pieces, n):
    _compare_waited("\n".join(p.format(n=n) for p in pieces) + "\n")


def test_decorators_are_every_decorator_of_the_tree():
    rng = random.Random(1518)
    from poolcheck.frontends.ts_model import build

    found = 0
    decorated = [p for p in BODY + LOOKALIKES if "@" in p]
    for _ in range(300):
        data = (_program(rng) + "\n".join(rng.sample(decorated, rng.randint(0, 3))) + "\n").encode()
        prog = build(data, "typescript")
        listed = targets.decorators(prog.root, data)
        assert [d.id for d in listed] == [d.id for d in prog.nodes("decorator")], data
        found += len(listed)
    assert found > 50, found


def test_nest_possible_only_for_a_module_or_injectable_with_options():
    def possible(text: str) -> bool:
        return _on_tree(targets.nest_possible, text)

    assert possible("@Injectable({ scope: Scope.REQUEST }) export class R {}")
    assert possible("@nest.Module({ providers: [] }) class M {}")
    assert not possible("@Injectable() export class S {}\n// @Module({ providers: [A] })\n@Module(opts) class O {}")
    assert not possible("const mail = 'a@Module.io'; @Controller({ path: 'x' }) class C {}")
