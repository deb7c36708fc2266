"""gate.walk against ast.walk: the same nodes but the operator and context singletons, and
the same gate verdict, on every Python file of this repository and of tests/ (real code of
every shape: classes, comprehensions, f-strings, match, decorators, star-args)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from poolcheck.frontends.python import gate

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p for d in ("src", "tests", "bench", "examples") for p in (ROOT / d).rglob("*.py"))
_SINGLETONS = (ast.expr_context, ast.operator, ast.cmpop, ast.unaryop, ast.boolop)


def test_there_are_files_to_compare():
    assert len(FILES) > 100


@pytest.mark.parametrize("path", FILES[::3], ids=lambda p: str(p.relative_to(ROOT)))
def test_walk_yields_what_ast_walk_does_but_singletons(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    tree = gate.cpython_parse(text)
    old = sorted(id(n) for n in ast.walk(tree) if not isinstance(n, _SINGLETONS))
    assert sorted(id(n) for n in gate.walk(tree)) == old
    new_verdict = gate.may_have_facts(text, tree, path)
    monkeypatch.setattr(gate, "walk", ast.walk)
    assert gate.may_have_facts(text, tree, path) == new_verdict


def test_walk_enters_lists_with_holes_and_nested_fields():
    tree = ast.parse("d = {**a, 'k': f'{x!r:>{w}}'}\nmatch v:\n    case [1, *r] if r: pass\n")
    kinds = {type(n).__name__ for n in gate.walk(tree)}
    assert {"Dict", "JoinedStr", "FormattedValue", "MatchSequence", "MatchStar", "Pass"} <= kinds
    assert not kinds & {"Load", "Store"}
