"""qualified.Bindings from one gate.walk: what binds each name and which strings LibCST may
read as annotations, the same as with ast.walk, on every third Python file of this
repository, and whatever the order of a typing alias and its calls."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from poolcheck.frontends.python import gate, qualified

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p for d in ("src", "tests", "bench", "examples") for p in (ROOT / d).rglob("*.py"))


def _seen(tree):
    b = qualified.Bindings(tree)
    return b.kinds, sorted(b.hint_strings), b.module_nonlocal


@pytest.mark.parametrize("path", FILES[1::3], ids=lambda p: str(p.relative_to(ROOT)))
def test_bindings_are_those_of_ast_walk(path, monkeypatch):
    tree = gate.cpython_parse(path.read_text(encoding="utf-8"))
    new = _seen(tree)
    monkeypatch.setattr(qualified, "walk", ast.walk)
    assert _seen(tree) == new


@pytest.mark.parametrize("text", [
    "def f():\n    return c('x: int', y)\nfrom typing import cast as c\n",
    "from typing import cast as c\ndef f():\n    return c('x: int', y)\n",
    "import typing\nv = typing.cast(tp='x: int', val=y)\n",
])
def test_a_typing_call_reads_its_strings_as_hints_wherever_its_alias_is_imported(text):
    kinds, hints, _ = _seen(ast.parse(text))
    assert hints == ["x: int"] and kinds["f" if "def f" in text else "v"]


def test_a_plain_call_reads_no_hint():
    _, hints, _ = _seen(ast.parse("def f():\n    return g('x: int', y)\n"))
    assert hints == []
