"""`poolcheck --fix` on a copy of examples/: every fixable finding of the mode is gone,
only the files that had one changed, nothing new is reported, the changed code still
parses, and a second run changes nothing."""

from __future__ import annotations

import ast
import collections
import shutil
from pathlib import Path

import pytest

from fix_helpers import cli, report
from poolcheck.frontends.typescript import errors as ts_syntax
from poolcheck.frontends.ts_model import parser

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fix_the_examples(tmp_path, capsys, unsafe):
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    (root / ".git").mkdir()
    flags = ["--fix", *(["--unsafe-fixes"] if unsafe else [])]
    before = report(root, capsys=capsys)
    wanted = [r for r in before if r["fix"] and (unsafe or r["fix"]["applicability"] == "safe")]
    assert wanted
    files = _snapshot(root)
    status, out, err = cli(root, *flags, ".", capsys=capsys)
    changed = {name for name, data in _snapshot(root).items() if files.get(name) != data}
    assert changed == {r["path"] for r in wanted}
    after = report(root, capsys=capsys)
    assert not [r for r in after if r["fix"] and (unsafe or r["fix"]["applicability"] == "safe")]
    new = collections.Counter((r["path"], r["code"]) for r in after) - \
        collections.Counter((r["path"], r["code"]) for r in before)
    assert not new, new
    for name in changed:
        data = (root / name).read_bytes()
        if name.endswith(".py"):
            ast.parse(data)
        elif name.endswith((".ts", ".tsx", ".js")):
            grammar = "typescript" if name.endswith(".ts") else "tsx"
            assert not parser(grammar).parse(data).root_node.has_error
            assert ts_syntax.oxc_verdict(data, grammar) == []
    fixed = _snapshot(root)
    cli(root, *flags, ".", capsys=capsys)
    assert _snapshot(root) == fixed
