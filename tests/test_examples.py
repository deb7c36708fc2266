"""The demo project reports exactly what examples/expected.txt says, through the real CLI.

Every finding of an implemented rule must be listed, and every listed finding of an
implemented rule must be reported. Expectations for rules still planned are kept in the
file (they document the demo) and start being enforced the moment the rule lands.
"""

import re
from pathlib import Path

from poolcheck.rules import BY_CODE, implemented_codes

from conftest import run_cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LINE = re.compile(r"^(?P<path>[^:#\s][^:]*):(?P<line>\d+): (?P<code>PC\d{3})\b")


def expected() -> set[tuple[str, int, str]]:
    out = set()
    for raw in (EXAMPLES / "expected.txt").read_text(encoding="utf-8").splitlines():
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        m = LINE.match(text)
        assert m, f"malformed line in examples/expected.txt: {raw!r}"
        assert m["code"] in BY_CODE, f"unknown code in examples/expected.txt: {raw!r}"
        out.add((m["path"], int(m["line"]), m["code"]))
    return out


def reported() -> tuple[set[tuple[str, int, str]], str]:
    proc = run_cli("--no-cache", ".", cwd=EXAMPLES)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    out = set()
    for line in proc.stdout.splitlines():
        path, number, _col, rest = line.split(":", 3)
        out.add((path, int(number), rest.split()[0]))
    return out, proc.stdout


def test_demo_reports_exactly_the_expected_findings_of_implemented_rules():
    implemented = implemented_codes()
    want = {e for e in expected() if e[2] in implemented}
    got, stdout = reported()
    missing = sorted(want - got)
    extra = sorted(got - want)
    assert not missing and not extra, f"missing: {missing}\nunexpected: {extra}\n\n{stdout}"


def test_demo_covers_every_rule_family():
    codes = {code for _, _, code in expected()}
    for family in ("PC1", "PC2", "PC3", "PC4"):
        assert any(c.startswith(family) for c in codes), family


def test_make_demo_command_shows_pc101_and_exits_1():
    proc = run_cli("--no-cache", "--statistics", ".", cwd=EXAMPLES)
    assert proc.returncode == 1
    assert re.search(r"^\S+:\d+:\d+: PC101 ", proc.stdout, re.M)
