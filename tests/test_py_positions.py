"""The Python front-end's positions (index.index_and_positions) are
PositionProvider's, node for node, and the index one code generation builds is the one a
visit builds, on seeded generated programs, hand-written shapes and real modules."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

import poolcheck
from poolcheck.frontends.python.index import Index, index_and_positions
from test_qualified import FASTAPI, TESTS, _program


# Where LibCST's code generation and its visit order children differently (index._VISIT_ORDER)
REORDERED = '''import os.path as p, json as j
from x import (a as b,
    c as  d)
try:
    pass
except (OSError, ValueError) as  err:
    del err
with open(f(1)) as self.h[g(2)], open(3) as (u, v):
    del self.h[g(2)], u ;  del  v
def f(a, /, b, *, c=1): ...
def g(a, /  , b): return lambda x, /, y: x
'''


# Line breaks inside tokens (a triple-quoted string, CRLF, a comment, no final newline)
MIXED = "x = (\n  f(a,\n    '\u00e9', b)  # c\n)\n\n\nclass K:\r\n    def m(self): return '''a\r\nb\rc'''\r\n" \
        "y = 1  # end"


def _index_by_visit(module):
    index = Index()
    module.visit(index)
    return index


def _same_index(a, b) -> bool:
    return (len(a.order) == len(b.order) and all(x is y for x, y in zip(a.order, b.order))
            and all(a.parent[n] is b.parent[n] for n in a.order) and a.pos == b.pos and a.end == b.end
            and a.calls == b.calls and a.funcs == b.funcs and a.ifs == b.ifs
            and a.import_nodes == b.import_nodes and a.def_nodes == b.def_nodes
            and a.modules == b.modules and a.import_roots == b.import_roots
            and a.import_tails == b.import_tails and a.defined == b.defined and a.depth == b.depth)


def _real_files():
    """A fixed sample of real modules: the standard library's and poolcheck's own."""
    stdlib = sorted(Path(ast.__file__).parent.glob("*.py"))
    own = sorted(Path(poolcheck.__file__).parent.rglob("*.py"))
    return [p for p in stdlib if p.stat().st_size < 30_000][::16] + own[::16]


def test_one_code_generation_gives_the_visits_index_and_position_providers_positions():
    rng = random.Random(8)
    texts = [REORDERED, FASTAPI, TESTS, MIXED] + [_program(rng) for _ in range(80)]
    texts += [p.read_text(encoding="utf-8") for p in _real_files()]
    nodes = reordered = 0
    for text in texts:
        try:
            module = cst.parse_module(text)
        except cst.ParserSyntaxError:
            continue
        index, pos = index_and_positions(module)
        assert _same_index(_index_by_visit(module), index), text[:300]
        theirs = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
        assert pos == {n: (r.start.line, r.start.column, r.end.line, r.end.column) for n, r in theirs.items()}, \
            text[:300]
        nodes += len(index.order)
        reordered += sum(type(n) in (cst.AsName, cst.Del, cst.ParamSlash) for n in index.order)
    assert nodes > 50_000 and reordered > 100, (nodes, reordered)


def test_the_reordered_nodes_need_their_visit_order(monkeypatch):
    """Without _VISIT_ORDER the index would differ exactly on those nodes' children."""
    import poolcheck.frontends.python.index as ix

    module = cst.parse_module(REORDERED)
    monkeypatch.setattr(ix, "_VISIT_ORDER", {})
    assert not _same_index(_index_by_visit(module), ix.index_and_positions(module)[0])


def test_a_module_deeper_than_deep_keeps_libcsts_own_visit_and_positions():
    from poolcheck.frontends.python.context import DEEP, _index

    deep = "x = " + "[" * (DEEP // 2) + "1" + "]" * (DEEP // 2) + "\n"
    index, pos = _index(cst.parse_module(deep))
    assert index.depth > DEEP and pos is None
    shallow_index, shallow_pos = _index(cst.parse_module("x = (1)\n"))
    assert shallow_pos is not None and shallow_index.depth < DEEP
