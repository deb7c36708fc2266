"""The index leaves out the node types no pass of a program's gates reads
(analyser.deferred_kinds, ts_tree.index's `deferred`) and captures them on the first
`Program.nodes` that asks. Nothing may change because of it:

- every indexed type's nodes are those of the full index, in the same order, whatever
  is deferred and in whatever order the types are then asked for;
- the facts and symbols of `analyse` are those of the analyser indexing every type (the
  reference below patches `deferred_kinds` to defer nothing), on seeded and generated
  programs built from the targeted-lookup tests' pieces and on this repository's TS/JS
  fixtures.
"""

from __future__ import annotations

import random
from itertools import combinations
from pathlib import Path
from unittest import mock

from hypothesis import given, settings, strategies as st

from poolcheck.config import Settings
from poolcheck.core.sources import Source
from poolcheck.frontends import ts_model
from poolcheck.frontends.ts_model import build
from poolcheck.frontends.ts_tree import INDEXED_TYPES
from poolcheck.frontends.typescript import analyser
from poolcheck.frontends.typescript.gates import file_gates
from test_ts_mark_filter import BODY as MARK_BODY, IMPORTS as MARK_IMPORTS, LOOKALIKES as MARK_LOOKALIKES
from test_ts_targets import BODY, IMPORTS, LOOKALIKES, PATHS

PIECES = IMPORTS + BODY + LOOKALIKES + MARK_IMPORTS + MARK_BODY + MARK_LOOKALIKES
DEFERRABLE = sorted({kind for kind, _ in analyser._KINDS_BY_GATE})
REPO = Path(__file__).resolve().parents[1]
FIXTURES = sorted(p for folder in ("tests", "examples") for ext in ("ts", "tsx", "js", "mts", "jsx")
                  for p in (REPO / folder).rglob(f"*.{ext}") if "node_modules" not in p.parts)


def _ids(prog, kinds) -> dict:
    return {k: [(n.start_byte, n.end_byte, n.type) for n in prog.nodes(k)] for k in kinds}


def _same_nodes(text: str, grammar: str = "tsx") -> None:
    data = text.encode()
    full = _ids(build(data, grammar), sorted(INDEXED_TYPES))
    for size in (1, 2, len(DEFERRABLE)):
        for deferred in combinations(DEFERRABLE, size):
            prog = build(data, grammar, deferred=frozenset(deferred))
            asked = list(reversed(sorted(INDEXED_TYPES)))  # deferred types asked first, then the rest
            assert _ids(prog, asked) == full, (deferred, text)
            assert prog.deferred == frozenset()


def _facts(text: str, path: str, symbols: bool = False):
    kind = "javascript" if path.endswith((".js", ".jsx")) else "typescript"
    facts = analyser.analyse(Source.from_bytes(Path(path), kind, text.encode()), Settings(), symbols)
    return repr(facts.facts), repr(facts.symbols)


def _same_facts(text: str, path: str) -> None:
    for symbols in (False, True):
        new = _facts(text, path, symbols)
        with mock.patch.object(analyser, "deferred_kinds", lambda g: frozenset()):
            old = _facts(text, path, symbols)
        assert new == old, (path, symbols, text)


def _program(rng: random.Random) -> str:
    return "\n".join(rng.choice(PIECES) for _ in range(rng.randint(1, 10)))


def test_deferred_types_are_those_the_gates_close():
    g = file_gates(b"const x = 1;")
    assert analyser.deferred_kinds(g) == frozenset(DEFERRABLE)
    opened = file_gates(b"import { PrismaClient } from '@prisma/client'; globalThis.p = 'postgres://h/db';")
    assert {"member_expression", "string", "template_string"}.isdisjoint(analyser.deferred_kinds(opened))


def test_seeded_programs_index_the_same_nodes_when_types_are_deferred():
    rng = random.Random(1515)
    for _ in range(60):
        _same_nodes(_program(rng), rng.choice(("tsx", "typescript")))


def test_a_deferred_type_is_captured_once_on_first_ask():
    calls = []
    real = ts_model.capture

    def counting(root, grammar, kinds):
        calls.append(kinds)
        return real(root, grammar, kinds)

    prog = build(b"const a = { b: 'x' }; a.b.c(); const t = `x`;", "tsx",
                 deferred=frozenset({"member_expression", "string"}))
    with mock.patch.object(ts_model, "capture", counting):
        assert [n.type for n in prog.nodes("call_expression")] == ["call_expression"]
        assert calls == []
        assert len(list(prog.nodes("member_expression"))) == 2 and len(list(prog.nodes("string"))) == 1
        assert len(list(prog.nodes("member_expression"))) == 2
    assert calls == [frozenset({"member_expression", "string"})]


def test_seeded_programs_give_the_same_facts_when_types_are_deferred():
    rng = random.Random(15)
    for _ in range(120):
        _same_facts(_program(rng), rng.choice(PATHS))


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.sampled_from(PATHS), st.lists(st.sampled_from(PIECES), min_size=1, max_size=10))
def test_generated_programs_give_the_same_facts_when_types_are_deferred(path, pieces):
    _same_facts("\n".join(pieces), path)


def test_the_repository_fixtures_give_the_same_facts_when_types_are_deferred():
    assert len(FIXTURES) > 100
    for path in FIXTURES:
        text = path.read_text(encoding="utf-8", errors="replace")
        _same_facts(text, str(path.relative_to(REPO)))


def test_a_reader_outside_the_gates_still_gets_its_deferred_nodes():
    """A Hono app reading `c.env`: frameworks.reads_bindings reads the members, which the
    closed global-cache gate deferred; the trait must be there all the same."""
    text = ("import { Hono } from 'hono';\nimport { prisma } from './db';\nconst app = new Hono();\n"
            "app.get('/u', async (c) => c.json(await prisma.user.findMany({ take: c.env.LIMIT })));\n"
            "export default app;\n")
    assert "member_expression" in analyser.deferred_kinds(file_gates(text.encode()))
    facts, _ = _facts(text, "src/index.ts")
    assert "cloudflare-worker" in facts
    _same_facts(text, "src/index.ts")
