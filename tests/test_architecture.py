"""The shape of the code base: no import cycle among poolcheck's modules, and no module
over 400 lines unless it says why at the top of its docstring.

Cycles: the import graph and Tarjan's algorithm are the ones of tests/test_layering.py
(one checker, tested there on synthetic graphs). Every import counts, at module level or
inside a function (a lazy import turns into an import-time cycle as soon as someone moves
the line), except those under `if TYPE_CHECKING:`, which never run. Unlike
test_layering's `KNOWN_CYCLES` allowance, no cycle is allowed here.

Size: a module over MAX_LINES passes only when one of the first lines of its docstring
says why, as a sentence starting with REASON; modules that another change of issue 13 is
splitting are listed in BEING_SPLIT, a list that may only shrink.
"""

from __future__ import annotations

import ast
from pathlib import Path


from test_layering import SRC, cycles, import_graph

MAX_LINES = 400
REASON = "Over 400 lines:"
BEING_SPLIT: dict[str, str] = {}  # module -> who splits it; empty since issue 13 landed


def test_no_import_cycle_among_poolcheck_modules():
    graph = import_graph(type_checking=False)
    assert len(graph) > 100 and graph["poolcheck.cli"]  # the graph is really built
    assert [sorted(c) for c in cycles(graph)] == []


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "poolcheck").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _too_long() -> dict[str, int]:
    lengths = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in _modules().items()}
    return {m: n for m, n in lengths.items() if n > MAX_LINES}


def _says_why(path: Path) -> bool:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return any(line.strip().startswith(REASON) for line in doc.splitlines()[:6])


def test_no_module_over_400_lines_without_a_reason():
    modules = _modules()
    unexplained = {m: n for m, n in _too_long().items() if m not in BEING_SPLIT and not _says_why(modules[m])}
    assert unexplained == {}, f"split these modules, or say why at the top of the docstring ({REASON} ...)"


def test_modules_being_split_are_still_long():
    done = sorted(m for m in BEING_SPLIT if m not in _too_long())
    assert done == [], f"{done} no longer over {MAX_LINES} lines: remove them from BEING_SPLIT"


def test_a_reason_is_read_from_the_docstring_only(tmp_path):
    long_body = "x = 1\n" * (MAX_LINES + 1)
    with_reason = tmp_path / "a.py"
    with_reason.write_text(f'"""A grammar driver.\n\n{REASON} one state machine, split it loses the thread."""\n'
                           + long_body)
    in_a_comment = tmp_path / "b.py"
    in_a_comment.write_text(f'"""A grammar driver."""\n# {REASON} a comment is not the docstring\n' + long_body)
    assert _says_why(with_reason) and not _says_why(in_a_comment)
