"""The TS/JS front-end's cheap path (frontends/typescript/light.py) must give exactly the
facts of the full path (model, scopes, passes) on every program it takes, and must hand
every program it cannot prove to the full path. Both paths run over generated programs
(a seeded generator and a derandomised Hypothesis property) built from the pieces that
decide the difference: imports of every form, declarations that reuse an import's name,
require, syntax errors, JSX closed by another name, the words of the other traits and of
the analyser's passes, and over reduced real files."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import given, settings, strategies as st

from poolcheck.core.sources import Source
from poolcheck.facts import FileFacts, ParseProblem, Trait
from poolcheck.frontends.typescript import analyser, gates, light

SPECS = ["./db", "../lib/prisma", "@/lib/db", "~/server/db", "$lib/db", "#db", "lib/db",
         "@acme/db/replica", "@acme/db", "react", "zod", "vitest", "vitest/config", "jestx",
         "@testing-library/react", "@playwright/test", "testcontainers", "@prisma/client",
         "pg", "./a\\x41b", "./utils/index.js", "../types"]
NAMES = ["a", "b", "db", "prisma", "Field", "fields", "z", "User", "x"]
IMPORTS = [
    "import {n} from '{s}';", "import {{ {n}, {m} as {k} }} from '{s}';",
    "import * as {n} from '{s}';", "import type {{ {n} }} from '{s}';", "import '{s}';",
    "import {n}, {{ {m} }} from '{s}';", 'import {{ {n} }} from "{s}"',
    "import {{ type {n}, {m} }} from '{s}';", "import {n} = require('{s}');",
]
BODY = [
    "function {n}() {{ return 1 }}", "class {n} {{}}", "const {n} = 1;", "let {{ {n}, q: {m} }} = obj;",
    "const [{n}] = arr;", "function f({n}) {{ return {n} }}", "export function GET() {{ return {n} }}",
    "export default function Page() {{ return null }}", "export const {n} = () => prisma.user.findMany();",
    "const rows = await prisma.user.findMany({{ where: {{ id: {n} }} }});",
    "export default {{ fetch() {{ return 1 }} }};", "export default {{}};",
    "export {{ {n} as default }};", "module.exports = {{ {n} }};", "'use server';",
    "const m = require('./db');", "// require('x') in a comment", "const t = `required`;",
    "await prisma.$transaction([a, b]);", "await Promise.all([a, b]);", "new PrismaClient();",
    "globalThis.prisma = p;", "const u = 'postgresql://u:p@h/db';", "const q = env.URL + '?x=1';",
    "addEventListener('fetch', (e) => e);", "function g() {{ import {n} from '{s}'; }}",
    "{{ const {n} = 2 }}", "if (x) {{ function {n}() {{}} }}", "const = ;", "namespace N {{ const {n} = 1 }}",
    "@Injectable() class S {{}}", "const j = <A>hi</A>;", "const k = <A></B>;", "const f2 = <></>;",
    "const e = <a.b></a.c>;", "export const onRequest = () => 1;", "type T = {{ {n}: string }};",
    # look-alikes of the trait words and of the passes' gates (the cheap path takes them)
    "const ph = 'phone';", "type TOrganisationRequest = {{ {n}: string }};",
    "export const onRequestGet = () => {n};", "window.addEventListener('resize', () => {n});",
    "const c2 = {{ env: 1 }};", "import {{ Hono }} from 'hono';", "self.postMessage({n});",
    "window.location.href = {n};", "const g2 = globalThis.{n} ?? null;",
    "await Promise.all([prisma.user.findMany(), {n}]);", "await Promise.all(xs.map((x) => x + 1));",
    "const r = await Promise.all(ids.map((id) => prisma.user.findUnique({{ where: {{ id }} }})));",
    "await Promise.allSettled(xs.map((x) => {n}.post.count()));",
]
PATHS = ["src/lib/db.ts", "app/api/users/route.ts", "src/components/List.tsx", "tests/db.test.ts",
         "functions/api/x.ts", "scripts/seed.ts", "src/app.js", "src/routes/+page.server.ts"]


def _piece(rng_choice, template: str) -> str:
    return template.format(n=rng_choice(NAMES), m=rng_choice(NAMES), k=rng_choice(NAMES),
                           s=rng_choice(SPECS))


def _source(path: str, text: str) -> Source:
    kind = "javascript" if path.endswith(".js") else "typescript"
    return Source.from_bytes(Path(path), kind, text.encode())


def _both(path: str, text: str) -> tuple[FileFacts, FileFacts, bool]:
    """(full path's facts, default path's facts, whether the cheap path took it). When the
    cheap path settles the program from its bytes (light_bytes), it is not parsed, so the
    full path's PC900 (a ParseProblem) is not expected of it: those are dropped from the
    full path's facts (docs/rules/PC900.md)."""
    src = _source(path, text)
    full = analyser.analyse(src, None, cheap=False)
    took = light.imports_only(src.data, analyser.grammar_for(src.kind, _posix(path)),
                              FileFacts(path=src.path, language="typescript"))[0]
    if light.may_be_light(src.data, gates.file_gates(src.data)) and \
            light._settled_by_bytes(src.data, FileFacts(path=src.path, language="typescript")):
        full.facts = [f for f in full.facts if not isinstance(f, ParseProblem)]
    return full, analyser.analyse(src, None), took


def _posix(path: str):
    from pathlib import PurePosixPath

    return PurePosixPath(path)


def _program(rng: random.Random) -> str:
    lines = [_piece(rng.choice, rng.choice(IMPORTS)) for _ in range(rng.randint(0, 6))]
    lines += [_piece(rng.choice, rng.choice(BODY)) for _ in range(rng.randint(0, 4))]
    rng.shuffle(lines) if rng.random() < 0.2 else None
    return "\n".join(lines) + "\n"


def test_seeded_programs_give_the_same_facts_on_both_paths():
    rng = random.Random(15)
    taken = refused = 0
    for _ in range(600):
        path, text = rng.choice(PATHS), _program(rng)
        full, default, took = _both(path, text)
        assert default == full, (path, text)
        taken += took
        refused += not took
    # the generator reaches both sides, or the comparison would prove nothing
    assert taken > 100 and refused > 100, (taken, refused)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.sampled_from(PATHS),
       st.lists(st.tuples(st.sampled_from(IMPORTS + BODY), st.sampled_from(NAMES),
                          st.sampled_from(NAMES), st.sampled_from(SPECS)), max_size=8))
def test_generated_programs_give_the_same_facts_on_both_paths(path, pieces):
    text = "\n".join(t.format(n=n, m=m, k=m, s=s) for t, n, m, s in pieces) + "\n"
    full, default, _ = _both(path, text)
    assert default == full


# -- reduced real files: what the cheap path takes, and what it must leave to the full path
COMPONENT = """import { Trans } from '@lingui/react/macro';
import type { Recipient } from '@prisma/client';
import { RecipientRole } from '@prisma/client';

import { cn } from '@documenso/ui/lib/utils';
import { Button } from '../primitives/button';

export const RoleBadge = ({ recipient }: { recipient: Recipient }) => (
  <Button className={cn('x')}>{recipient.role === RecipientRole.SIGNER ? <Trans>Sign</Trans> : null}</Button>
);
"""
SPEC = """import { expect, test } from '@playwright/test';
import { prisma } from '@documenso/prisma';
import { seedUser } from '@documenso/prisma/seed/users';

test('signs', async ({ page }) => {
  const user = await seedUser();
  expect(await prisma.document.findMany({ where: { userId: user.id } })).toHaveLength(0);
});
"""
SHADOWED = """import { fields } from './fields';
import { db } from '@/lib/db';

export async function list() {
  const { fields } = await db.form.findFirst();
  return fields;
}
"""


def test_a_component_importing_the_client_types_takes_the_cheap_path():
    full, default, took = _both("apps/web/src/components/role-badge.tsx", COMPONENT)
    assert took and default == full
    assert default.facts == [Trait("import", None, "@lingui/react/macro"),
                             Trait("import", None, "@documenso/ui/lib/utils"),
                             Trait("import", None, "../primitives/button")]
    assert default.symbols is None


def test_a_test_harness_import_gives_its_trait_on_the_cheap_path():
    full, default, took = _both("packages/app-tests/e2e/sign.spec.ts", SPEC)
    assert took and default == full
    assert Trait("test-harness", None, "@playwright/test") in default.facts


def test_an_import_name_declared_again_is_left_to_the_full_path():
    full, default, took = _both("src/lib/list.ts", SHADOWED)
    assert not took and default == full


def test_require_goes_to_the_full_path():
    full, default, took = _both("src/a.js", "const db = require('./db');\ndb.user.findMany();\n")
    assert not took and default == full


def test_a_syntax_error_in_a_program_its_bytes_settle_is_left_alone():
    """PC900 reports the syntax errors of the files poolcheck parses to analyse: a program
    that can yield only its imports, read from its bytes, is not parsed (as a file the
    prefilter drops), so its syntax error and its JSX closed by another name are not
    reported, while the same error beside a client construction still is."""
    for path, text in (("src/b.ts", "import { db } from './db';\nconst = ;\ndb.user.findMany();\n"),
                       ("src/c.tsx", "import { db } from './db';\nexport const C = () => <A></B>;\n")):
        src = _source(path, text)
        default = analyser.analyse(src, None)
        assert default.facts == [Trait("import", None, "./db")], path
        assert any(isinstance(f, ParseProblem) for f in analyser.analyse(src, None, cheap=False).facts)
        constructing = _source(path, "import { PrismaClient } from '@prisma/client';\n" + text)
        assert any(isinstance(f, ParseProblem) for f in analyser.analyse(constructing, None).facts)


def test_the_other_traits_words_go_to_the_full_path():
    for path, text in (("app/actions.ts", "'use server';\nimport { db } from '@/db';\n"),
                       ("src/worker.ts", "import { db } from './db';\nexport default { fetch() { return db } };\n"),
                       ("functions/api/x.ts", "import { db } from './db';\nexport const onRequest = () => db;\n"),
                       ("src/app.ts", "import { Hono } from 'hono';\nimport { db } from './db';\n"
                                     "new Hono().get('/', (c) => c.json(c.env.DB));\n"),
                       ("functions/api/y.ts", "import { db } from './db';\nexport const onRequestGet = () => db;\n"),
                       ("src/sw.js", "import { db } from './db';\naddEventListener('fetch', (e) => e.respondWith(db));\n")):
        full, default, took = _both(path, text)
        assert not took and default == full, path
        assert any(f.name != "import" for f in full.facts if isinstance(f, Trait)), path


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"postgres", b"POSTGRESQL", b"mongodb+srv", b"prisma+postgres", b"://",
                                 b":/", b"x", b" ", b"mysql", b"sqlserver", b"\n", b"+", b"a" * 70]),
                max_size=12))
def test_the_url_gate_searches_as_the_pattern_does(parts):
    data = b"".join(parts)
    assert gates._has_url(data) == (gates._URL_PATTERN.search(data) is not None)


_CALL_PIECES = [b"tx", b"TX", b"Tx", b"ctx", b"$tx", b"with", b"WITH", b"run", b"in", b"In", b"exec",
                b"start", b"begin", b"transaction", b"TRANSACTION", b"tran\xc5\xbfact\xc4\xb0on",
                b"tran", b"sact", b"ion", b"$", b"$connect", b"$on", b"$use", b"$transaction", b"connect",
                b" ", b"(", b".", b"_", b"a", b"Z", b"9", b"<", b"\n", b"\xc4\xb1", b"\xc5", b"x", b"t"]


def test_the_calls_gate_searches_as_the_pattern_does():
    """`has_call` is `_CALL_PATTERN.search` without its case-insensitive scan: the same
    verdict on 20,000 seeded strings built from the pattern's pieces and their borders."""
    rnd = random.Random(15)
    for _ in range(20_000):
        data = b"".join(rnd.choice(_CALL_PIECES) for _ in range(rnd.randint(0, 8)))
        assert gates.has_call(data) == (gates._CALL_PATTERN.search(data) is not None), data


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CALL_PIECES), max_size=10))
def test_the_calls_gate_agrees_on_generated_strings(parts):
    data = b"".join(parts)
    assert gates.has_call(data) == (gates._CALL_PATTERN.search(data) is not None)


def test_look_alikes_of_the_trait_words_take_the_cheap_path():
    """`phone` is not `hono`, `OrganisationRequest` is no `onRequest...` export, and an
    `addEventListener` without `'fetch'` registers no Worker."""
    for path, text in (("src/a.ts", "import { db } from './db';\nconst ph = 'phone';\n"),
                       ("functions/b.ts", "import { db } from './db';\ntype TOrganisationRequest = {};\n"),
                       ("src/c.ts", "import { db } from './db';\naddEventListener('resize', () => db);\n"),
                       ("src/d.ts", "import { Hono } from 'hono';\nimport { db } from './db';\n"
                                    "new Hono().get('/', (c) => c.json(db));\n")):
        full, default, took = _both(path, text)
        assert took and default == full, path


def test_a_promise_all_that_cannot_fan_out_queries_takes_the_cheap_path():
    base = "import { prisma } from '@/lib/prisma';\nimport { x } from './x';\n"
    for text in ("await Promise.all([prisma.user.findMany(), x]);\n",   # no map
                 "await Promise.all(xs.map((v) => v + 1));\n"):           # no query method
        full, default, took = _both("src/a.ts", base + text)
        assert took and default == full, text
    fan_out = base + "await Promise.all(ids.map((id) => prisma.user.findUnique({ where: { id } })));\n"
    full, default, took = _both("src/a.ts", fan_out)
    assert not took and default == full
    assert any(type(f).__name__ == "ParallelQueries" for f in full.facts)


def test_global_object_accesses_are_facts_only_where_a_client_can_be_built():
    """`window.location` in a component is no global cache of a client; beside a
    construction, `globalThis.prisma` is (PC102 reads it there)."""
    from poolcheck.facts import GlobalCacheAccess

    component = "import { x } from './x';\nwindow.location.href = x;\n"
    full, default, took = _both("src/a.ts", component)
    assert took and default == full and not list(default.of(GlobalCacheAccess))
    client = ("import { PrismaClient } from '@prisma/client';\n"
              "export const prisma = globalThis.prisma ?? new PrismaClient();\n")
    full, default, took = _both("src/db.ts", client)
    assert not took and [a.prop for a in default.of(GlobalCacheAccess)] == ["prisma"]
    assert gates.file_gates(component.encode()).globals is False
    assert gates.file_gates(client.encode()).globals is True


def test_pc102_is_the_only_reader_of_global_cache_accesses():
    """`gates.file_gates` (and `targets.refine`) drop the global-cache pass where no client
    can be built, which is sound only while the one rule reading `GlobalCacheAccess` reads it beside a
    construction of the same file: a new reader must revisit that gate."""
    import poolcheck

    root = Path(poolcheck.__file__).parent
    readers = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                     if "GlobalCacheAccess" in p.read_text(encoding="utf-8"))
    assert readers == ["facts/__init__.py", "facts/code.py", "facts/file.py",
                       "frontends/typescript/caches.py", "frontends/typescript/gates.py",
                       "frontends/typescript/targets.py",  # refine: the same rule on the tree
                       "rules/pc1_lifecycle/pc102_missing_dev_singleton.py"], readers


# -- the cheap path reads the tree at keyword bytes, not by a walk: the grammar's shapes
SHAPES = [
    "declare module 'm' {{ import {n} from '{s}'; }}", "namespace N {{ import {n} from '{s}'; }}",
    "const s = 'import {n} from \"{s}\"';", "// import {n} from '{s}'", "const d = await import('{s}');",
    "const u = import.meta.url;", "/* </{n}> */ const lt = a </{n}/;", "const t2 = `</{n}>`;",
    "for (var {n} = 0, i2 = 1; ;) {{}}", "for (const {n} of xs) {{}}", "label: var {n} = 1;",
    "class A2 {{ static {{ const {n} = 1; }} }}", "declare const {n}: number;", "declare global {{ var {n}: T; }}",
    "export default class {n} {{}}", "export default function {n}() {{}}", "@dec class {n} {{}}",
    "async function* {n}() {{}}", "const {{ a: {{ {n} }}, ...rest2 }} = o;", "const [, {n} = 1] = arr;",
    "let x3 = 1, {n} = 2;", "const o2 = {{ const: 1, class: 2, {n}: 3 }};", "o.function = {n}.class;",
    "const el = <{n}.Item key='x'>a</{n}.Item>;", "const el2 = <div>{{a < b}}</div>;",
    "export const E = () => <><{n} /></>;", "type F = {{ function: string }};", "abstract class {n} {{}}",
]


def _walk(root):
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def _declared_by_walk(prog, names) -> bool:
    from poolcheck.frontends.ts_model import pattern_names

    for node in _walk(prog.root):
        if node.type in ("function_declaration", "generator_function_declaration", "class_declaration",
                         "abstract_class_declaration"):
            name = node.child_by_field_name("name")
            if name is not None and prog.text(name) in names:
                return True
        elif node.type == "variable_declarator":
            name = node.child_by_field_name("name")
            if name.type == "identifier" and prog.text(name) in names or name.type != "identifier" \
                    and any(n in names for n, _, _ in pattern_names(prog, name)):
                return True
    return False


def test_the_keyword_reads_find_what_a_walk_of_the_tree_finds():
    """Import statements at any depth, JSX elements closed by another name and names bound
    by declarations, read from the bytes `import`, `</` and the declaring keywords, are
    exactly those a walk of every node finds, strings, comments and look-alikes included."""
    from poolcheck.frontends.ts_model import Program
    from poolcheck.frontends.ts_tree import parse
    from poolcheck.frontends.typescript.errors import mismatched_jsx_closings

    rng = random.Random(1515)
    checked = set()
    for _ in range(500):
        lines = [_piece(rng.choice, rng.choice(SHAPES + IMPORTS + BODY)) for _ in range(rng.randint(1, 6))]
        text = "\n".join(lines) + "\n"
        for grammar in ("typescript", "tsx"):
            data = text.encode()
            root = parse(data, grammar).root_node
            walked = [n for n in _walk(root) if n.type == "import_statement"]
            assert light._import_statements(root, data) == walked, text
            elements = [n for n in _walk(root) if n.type == "jsx_element"]
            assert light._closed_by_another_name(root, data) == bool(mismatched_jsx_closings(elements, data)), text
            prog = Program(data=data, root=root)
            for name in NAMES:
                expected = _declared_by_walk(prog, {name})
                assert light._declared_elsewhere(prog, {name: None}) == expected, (name, text)
                checked.add((expected, root.has_error))
    assert checked == {(True, True), (True, False), (False, True), (False, False)}, checked


WRAPPERS = [
    "export const w1 = () => withTransaction(async (tx) => {{ await tx.user.create({{}}); }});",
    "export const w2 = () => RUN_IN_TRANSACTION(async (tx) => {{ await tx.{n}.update({{}}); }});",
    "export const w3 = () => withTX(async (t) => {{ await t.user.findMany(); }});",
    "export const w4 = () => withTx<User>(async (tx) => {{ await tx.$queryRaw`SELECT 1`; }});",
    "export const w5 = () => db.runInTx(async (tx: Prisma.TransactionClient) => {n}(tx));",
    "export const w6 = () => tx.run(async (t) => {{ await t.post.delete({{}}); }});",
    "export const w7 = () => knex.transaction(async (trx) => {{ await trx('users'); }});",
    "export const w8 = () => ctx.run(async (c) => {{ await c.user.create({{}}); }});",
]


def test_the_gates_hide_nothing_a_pass_finds():
    """The passes a program's bytes leave closed would find nothing in it: the full path
    with its gates gives the facts of the full path with every pass run (but the global
    cache accesses `gates.file_gates` drops where no client can be built)."""
    from poolcheck.facts import GlobalCacheAccess
    from poolcheck.frontends.typescript.gates import Gates

    rng = random.Random(1516)
    everything = Gates(*([True] * len(Gates._fields)))
    original = analyser.file_gates
    found = 0
    for _ in range(300):
        lines = [_piece(rng.choice, rng.choice(IMPORTS + BODY + WRAPPERS)) for _ in range(rng.randint(1, 6))]
        src = _source(rng.choice(PATHS), "\n".join(lines) + "\n")
        gated = analyser.analyse(src, None, cheap=False)
        analyser.file_gates = lambda data: everything
        try:
            ungated = analyser.analyse(src, None, cheap=False)
        finally:
            analyser.file_gates = original
        if not gates.gates(src.data).classes:
            ungated.facts = [f for f in ungated.facts if not isinstance(f, GlobalCacheAccess)]
        assert gated.facts == ungated.facts, src.text
        found += any(type(f).__name__ == "Transaction" for f in gated.facts)
    assert found > 20, found


_WHOLE_WORD_KEYWORDS = re.compile(rb"(?<![\w$])(?:function|class|const|let|var)(?![\w$])")
_KEYWORD_PIECES = st.sampled_from(["const", "let", "var", "class", "function", "functions", "xconst",
                                   "$let", "_var", "let$", "var9", "classy", "constlet", "letvar",
                                   " ", "\n", "(", ".", "$", "_", "a", "9", "é", "`", "//", "=>"])


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.lists(_KEYWORD_PIECES, max_size=14))
def test_the_declaring_keywords_are_the_whole_words_the_lookbehind_pattern_finds(parts):
    """light.declaring_keywords (a pattern matched at a word's end, the byte before checked
    apart) finds exactly the spans of the pattern with a leading lookbehind, in order."""
    data = "".join(parts).encode()
    assert light.declaring_keywords(data) == [m.span() for m in _WHOLE_WORD_KEYWORDS.finditer(data)], data


def test_declaring_keywords_leave_out_words_that_only_contain_them():
    data = b"const a = 1; xconst; $let = 2; let_b; class C {} function f() {} var$; (var) letvar"
    assert [data[s:e] for s, e in light.declaring_keywords(data)] == \
        [b"const", b"class", b"function", b"var"]
