"""Program.nodes_within reads a node's descendants of one type from the index by range, and
transactions.TxWalker.walk reads a transaction body's calls from it instead of visiting
every node of the body. Both must give what the visits gave (kept here as references): the
same nodes in tree order for every node of seeded and generated programs, recovered
trees among them; the same facts for every transaction of the pieces below, of the
targeted-lookup tests' pieces and of this repository's TS/JS fixtures."""

from __future__ import annotations

import random
from pathlib import Path
from unittest import mock

from hypothesis import given, settings, strategies as st

from poolcheck.config import Settings
from poolcheck.core.sources import Source
from poolcheck.frontends.ts_model import build, strip
from poolcheck.frontends.typescript import analyser, transactions
from test_ts_deferred_index import FIXTURES, REPO
from test_ts_targets import BODY, IMPORTS, PATHS

TX = [
    "await prisma.$transaction(async (tx) => { await tx.user.create({}); await fetch('x'); });",
    "await prisma.$transaction(async (tx) => { await tx.a.b(); await prisma.$transaction(async (t2) => { await t2.c.d(); await mail(); }); });",
    "await db.$transaction(async (tx) => getClient().$transaction(async (t) => t.x.y()).then(() => tx.z.w()));",
    "await p.$transaction(async (tx) => (await tx.a.findMany()).map((r) => sendMail(r)));",
    "await p.$transaction(async (tx = defaults()) => { helper(tx); });\nfunction helper(t) { return t.user.count().then(log); }",
    "await p.$transaction(async (tx) => { a.$transaction(x).$transaction(y => y.q()); await stripe.charges.create({}); });",
    "await p.$transaction(async (tx) => { const f = () => fetch('u'); await f(); await tx.t`SELECT 1`; });",
    "await p.$transaction(async (tx) => { await tx.$queryRaw`SELECT ${await other()}`; }, { timeout: 10000 });",
    "await p.$transaction(async (tx) => { for (const x of await tx.a.findMany()) { await axios.post('u', x); } });",
    "await p.$transaction(async (tx) => { await (tx.user.update)({}); await (await import('./m')).run(tx); });",
    "await p.$transaction(async (tx) => { await tx.user.create({ data: { at: now(), id: uuid() } })",  # unclosed
]


def _descendants(node, kind: str) -> list:
    """Every descendant of `node` of type `kind`, in tree order (a visit of the subtree)."""
    out, stack = [], list(reversed(node.children))
    while stack:
        n = stack.pop()
        if n.type == kind:
            out.append(n)
        stack.extend(reversed(n.children))
    return out


def _reference_walk(self, body, tx_keys, via, depth, visited) -> None:
    """TxWalker.walk before the index: a visit of every named node of the body."""
    an = self.an
    stack = list(reversed(body.named_children))
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            fn = strip(node.child_by_field_name("function"))
            if fn is not None and fn.type == "member_expression" and \
                    an.text(fn.child_by_field_name("property")) == "$transaction":
                stack.extend(reversed([c for c in node.named_children if c.type != "arguments"]))
                continue
            self._classify(node, fn, tx_keys, via, depth, visited)
        stack.extend(reversed(node.named_children))


def _same_nodes(text: str, grammar: str = "tsx") -> None:
    prog = build(text.encode(), grammar)
    every = [prog.root] + _descendants(prog.root, "call_expression") + list(prog.functions.values())
    for node in every:
        for kind in ("call_expression", "arrow_function", "member_expression"):
            got = [(n.id, n.start_byte) for n in prog.nodes_within(kind, node)]
            assert got == [(n.id, n.start_byte) for n in _descendants(node, kind)], (kind, text)


def _facts(text: str, path: str) -> str:
    kind = "javascript" if path.endswith((".js", ".jsx")) else "typescript"
    facts = analyser.analyse(Source.from_bytes(Path(path), kind, text.encode()), Settings(), True)
    return repr(facts.facts) + repr(facts.symbols)


def _same_facts(text: str, path: str) -> None:
    new = _facts(text, path)
    with mock.patch.object(transactions.TxWalker, "walk", _reference_walk):
        old = _facts(text, path)
    assert new == old, text


def _program(rng: random.Random) -> str:
    lines = [rng.choice(IMPORTS) for _ in range(rng.randint(0, 2))]
    lines += [rng.choice(TX + BODY) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.5:
        return "export async function handler() {\n" + "\n".join(lines) + "\n}\n"
    return "\n".join(lines)


def test_seeded_programs_give_every_descendant():
    rng = random.Random(1515)
    for _ in range(80):
        _same_nodes(_program(rng), rng.choice(("tsx", "typescript")))


@settings(derandomize=True, max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(TX + BODY + ["{", "}", "(", "=> {"]), min_size=1, max_size=8))
def test_generated_programs_give_every_descendant(pieces):
    _same_nodes("\n".join(pieces))  # unbalanced pieces too: recovered trees


def test_seeded_transactions_give_the_same_facts():
    rng = random.Random(15)
    for _ in range(150):
        _same_facts(_program(rng), rng.choice(PATHS))


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.sampled_from(PATHS), st.lists(st.sampled_from(TX + BODY), min_size=1, max_size=6))
def test_generated_transactions_give_the_same_facts(path, pieces):
    _same_facts("\n".join(pieces), path)


def test_a_nested_transaction_is_left_to_its_own_pass():
    text = ("import { prisma } from './db';\nexport async function POST() {\n"
            "  await prisma.$transaction(async (tx) => {\n    await tx.a.create({});\n"
            "    await prisma.$transaction(async (t2) => { await fetch('u'); });\n  });\n}\n")
    kind = "typescript"
    facts = analyser.analyse(Source.from_bytes(Path("src/a.ts"), kind, text.encode()), Settings())
    calls = [(f.callee, f.span.line) for f in facts.facts if type(f).__name__ == "TransactionCall"]
    assert ("fetch", 5) in calls and calls.count(("fetch", 5)) == 1  # once: by the inner transaction
    _same_facts(text, "src/a.ts")


def test_the_repository_fixtures_give_the_same_facts():
    for path in FIXTURES:
        _same_facts(path.read_text(encoding="utf-8", errors="replace"), str(path.relative_to(REPO)))
        _same_nodes(path.read_text(encoding="utf-8", errors="replace"),
                    "typescript" if path.suffix in (".ts", ".mts") else "tsx")
