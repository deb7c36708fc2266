"""Per-rule cases with the expectation written next to the code (flake8-bugbear's style).

Each folder under tests/cases/<language>/<case>/ is a tiny project (its package.json or
pyproject.toml makes it a root). A line that must be flagged ends with a marker comment
naming the codes: `// PC101` (TS/JS) or `# PC101` (Python), several as `// PC201 PC202`,
a column as `// PC203:5`; text after ` -- ` is a note. Every other line must stay silent,
so the look-alikes a rule must leave alone sit unmarked in the same files. The case is
copied to a scratch folder (the repository's own files must not change its project) and
run through the engine with every implemented rule, PC205 (opt-in) included.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import check_tree
from poolcheck.rules import implemented_codes

CASES = Path(__file__).parent / "cases"
SOURCES = (".ts", ".tsx", ".js", ".mjs", ".py")
MARKER = re.compile(r"(?:#|//)\s*(PC\d{3}(?::\d+)?(?:\s+PC\d{3}(?::\d+)?)*)\s*(?:--.*)?$")


def markers(root: Path) -> set[tuple]:
    """(path, line, code, column or None) for each marker in the case's source files."""
    out = set()
    for path in sorted(root.rglob("*")):
        if path.suffix not in SOURCES:
            continue
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            m = MARKER.search(line)
            if m is None:
                continue
            for item in m.group(1).split():
                code, _, col = item.partition(":")
                out.add((rel, number, code, int(col) if col else None))
    return out


def cases() -> list[Path]:
    return sorted(p for p in CASES.glob("*/*") if p.is_dir())


def test_markers_are_read_with_codes_columns_and_notes(tmp_path):
    (tmp_path / "a.ts").write_text("x(); // PC201 PC202:7 -- a note\nfoo(); // PC101: not a column\ny(); // see PC101\n")
    assert markers(tmp_path) == {("a.ts", 1, "PC201", None), ("a.ts", 1, "PC202", 7)}


def test_there_are_cases_for_both_languages():
    assert {p.parent.name for p in cases()} >= {"typescript", "python"}


@pytest.mark.parametrize("case", cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case_findings_are_exactly_its_markers(case, tmp_path):
    root = tmp_path / case.name
    shutil.copytree(case, root)
    expected = markers(root)
    assert expected, f"{case} marks no line: a case must flag something"
    codes = sorted(implemented_codes())
    found = check_tree(root, select=codes)
    with_cols = {(e[0], e[1], e[2]) for e in expected if e[3] is not None}
    got = {(f.path, f.line, f.code, f.col if (f.path, f.line, f.code) in with_cols else None) for f in found}
    assert got == expected, "\n".join(f.path + f":{f.line}:{f.col}: {f.code} {f.message}" for f in found)
    # one finding per cause: two at one place with one code are one cause told twice
    places = [(f.path, f.line, f.col, f.code) for f in found]
    assert len(places) == len(set(places)), "\n".join(
        f.path + f":{f.line}:{f.col}: {f.code} {f.message}" for f in found if places.count((f.path, f.line, f.col, f.code)) > 1)
