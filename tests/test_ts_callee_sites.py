"""callee_sites.no_dispatch_call must never say "no call" where the tree finds a call
`analyser.dispatch_call` acts on (a wrapper, lifecycle, `$transaction` or fan-out call), and a program the cheap path now takes from its
bytes because of it must give the full path's facts. Checked on fixed cases (each form a
callee chain can take, and the look-alikes that open the calls gate without one), on
programs generated from those pieces (seeded, and a derandomised Hypothesis property), in
both grammars, and on this repository's TS/JS fixtures."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from poolcheck.core.sources import Source
from poolcheck.facts import ParseProblem
from poolcheck.frontends.ts_tree import parse
from poolcheck.frontends.typescript import analyser, light, targets
from poolcheck.frontends.typescript.callee_sites import no_dispatch_call
from poolcheck.frontends.typescript.gates import file_gates, finds_nothing

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["tx", "runTx", "withTransaction", "PrismaClientOrTransaction", "db.$transaction", "prisma.$connect",
         "client.$on", "p.$use", "p.$disconnect", "TransactionClient", "ctx", "startTX", "x.inTx"]
# {w}: a word above; {v}: a plain name
CALLING = [
    "{w}(a);", "{w}<T>(a);", "{w}`q`;", "{w}?.(a);", "{w}!(a);", "(await {w})(a);", "({w} as any).run();",
    "({w} satisfies F)(a);", "(<F>{w})(a);", "({w})(a);", "(({w}))(a);", "{w}\n  .run(a);", "{w} /* c */ (a);",
    "{w} // c\n(a);", "{w}.run(async ({v}) => {v}.user.create({{}}));", "{v}[\"{w}\"](a);", "{v}['{w}'](a);",
    "{v}[ `{w}` ](a);", "{v}[\n  '{w}'\n](a);", "{v}['{w}'].call(this, async ({v}) => {v}.user.create({{}}));",
    "{v}[\"{w}\"].apply(this, [async (tx: Prisma.TransactionClient) => 1]);", "{v}?.['{w}'](a);", "{w}[0](a);", "{v}.{w}.call(a);",
    "await {w}(async ({v}) => {{ await {v}.user.findMany(); }});", "new {w}(a);", "@{w}() class C {{}}",
    "const r = ({v} as {w}).run(a);", "{v}[{w}](a);", "{w}\u00a0(a);",
    "await {w}<User[]>(async ({v}) => {v}.user.create({{}}));",
    "{v}.{w}<A | B>(async ({v}) => {{ await {v}.user.delete({{}}); }});",
]
INERT = [
    "function f({v}?: {w}) {{}}", "function g(a: string, {v}: {w} = {v}) {{}}", "const o = {{ {v}: {w} }};",
    "type T = {w};", "let t: typeof {w};", "const s = '{w}';", "f(a, {w});", "x = c ? a : {w};",
    "// the {w} here", "/* {w}, */", "const r = /{w} x/;", "(a, {w})(b);", "(c ? a : {w})(b);",
    "const t2 = `${{{w}}}`;", "interface I {{ k: {w}; }}",
    "type P = Parameters<typeof {w}>[0];", "const m = new Map<string, {w}>();", "if ({v}) {{ {v}.x = {w}; }}",
    "export type {{ {w} }};", "const {{ a, b }}: {{ a: {w}; b: number }} = o;", "class K {{ {v}?: {w}; }}",
    "a = {w} ?? b;", "return {w};", "const q = {v}?.length;", "x.{v} = 1;",
    "async function h(): Promise<void> {{}}", "let p2: Promise<User[] | null> = p;", "const p3 = {w}<A, B.C>;",
    "function k(): Promise<Map<string, {w}>> {{ return m; }}",
]
OTHER = ["import {{ {v} }} from './db';", "import type {{ Prisma }} from '@prisma/client';",
         "export const n = 1;", "const u = await prisma.user.findMany();", "await Promise.all([a, b]);",
         "const k = <A>hi</A>;", "const z = a / b / c;", "'use client';"]
NAMES = ["tx", "client", "db", "a"]


def _piece(rng: random.Random, template: str) -> str:
    word = rng.choice(WORDS).split(".")[-1] if "{v}." in template or "[" in template else rng.choice(WORDS)
    return template.format(w=word, v=rng.choice(NAMES))


def _check(text: str) -> bool:
    """The tree agrees wherever the bytes say "no call"; True when they do."""
    data = text.encode()
    if not no_dispatch_call(data):
        return False
    for grammar in ("typescript", "tsx"):
        root = parse(data, grammar).root_node
        if root.has_error:
            continue
        tree = analyser._Tree(data, root)
        for call in targets.dispatch_calls(root, data):
            target = analyser.dispatch_target(tree, call)
            assert target is None, (grammar, text)
    _same_facts(data)
    return True


def _same_facts(data: bytes) -> None:
    """A program the cheap path takes because of the check gives the full path's facts."""
    g = file_gates(data)
    if finds_nothing(g, data) or not light.may_be_light(data, g):
        return
    for path, kind in (("src/a.ts", "typescript"), ("src/a.tsx", "typescript")):
        src = Source.from_bytes(Path(path), kind, data)
        full = analyser.analyse(src, None, cheap=False)
        if any(isinstance(f, ParseProblem) for f in full.facts):
            continue  # not parsed on the byte path: PC900's documented scope
        assert analyser.analyse(src, None) == full, data.decode()


@pytest.mark.parametrize("template", CALLING)
def test_every_callee_form_is_a_may(template):
    for word in ("tx", "runTx", "$transaction", "$connect", "PrismaClientOrTransaction", "Promise"):
        text = template.format(w=word, v="client")
        if word == "Promise":  # read only where a fan-out may match
            text += "\nxs.map(f); db.user.findMany();"
        assert not no_dispatch_call(text.encode()), text


@pytest.mark.parametrize("template", INERT)
def test_the_look_alikes_are_proven_inert(template):
    for word in ("tx", "PrismaClientOrTransaction", "runInTx", "Promise"):
        text = template.format(w=word, v="client")
        assert no_dispatch_call(text.encode()), text
        assert _check(text)


def test_a_string_subscript_anywhere_before_on_the_line_is_a_may():
    assert not no_dispatch_call(b"a[\"b\" + 'tx'](1)")
    assert not no_dispatch_call(b"a[/* c */ 'tx'](1)")
    assert not no_dispatch_call(b"a[\xc2\xa0'tx'](1)")  # a non-breaking space after `[`
    assert not no_dispatch_call(b"a['x\\\ny tx'](1)")  # a string continued over a line break
    assert no_dispatch_call(b"a['x'];\nconst s = 'tx';")


def test_the_cheap_path_takes_a_program_only_its_words_kept_open():
    text = ("import { Prisma } from '@prisma/client'\nimport { db } from './db'\n"
            "export function list(tx?: PrismaClientOrTransaction) {\n  return db.user.findMany()\n}\n")
    data = text.encode()
    g = file_gates(data)
    assert g.calls and not finds_nothing(g, data) and light.may_be_light(data, g)
    _same_facts(data)


def test_seeded_programs():
    rng = random.Random(1521)
    closed = 0
    for _ in range(400):
        pieces = [_piece(rng, rng.choice(CALLING + INERT * 3 + OTHER)) for _ in range(rng.randint(1, 6))]
        closed += _check("\n".join(pieces) + "\n")
    assert closed > 40  # the look-alikes do close the gate


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CALLING + INERT + OTHER), st.sampled_from(WORDS),
                          st.sampled_from(NAMES)), min_size=1, max_size=5))
def test_generated_programs(parts):
    _check("\n".join(t.format(w=w.split(".")[-1] if "{v}." in t or "[" in t else w, v=v)
                     for t, w, v in parts) + "\n")


def test_the_repository_fixtures():
    files = [p for top in ("tests/cases", "examples") for p in (ROOT / top).rglob("*")
             if p.suffix in (".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx")]
    assert len(files) > 50
    for path in files:
        _check(path.read_text(encoding="utf-8", errors="replace"))
