"""Time and memory (issue 19), small variants of the big cases: outcomes, never timings.

The big cases (2 MB files of a million lines, a 200 MB tree) are in bench/big_cases.py.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest
from hypothesis import given, settings, strategies as st

from poolcheck.frontends.python.reduce import reduce
from poolcheck.urlmodel import check_params, parse_url, redact, redact_text

from conftest import run_cli, write_tree

PKG = '{"dependencies": {"@prisma/client": "^6.1.0"}}'


def _json(proc):
    assert proc.returncode in (0, 1), proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


def test_a_long_python_file_is_reduced_and_findings_keep_their_lines(tmp_path):
    body = "x = 1\n" * 30000
    root = write_tree(tmp_path / "p", {"main.py": (
        "from fastapi import FastAPI\nfrom prisma import Prisma\napp = FastAPI()\n" + body +
        "@app.get('/')\nasync def h():\n    db = Prisma()\n    return 1\n")})
    found = _json(run_cli("--no-cache", "--format", "json", ".", cwd=root))
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("PC101", 30006, 10)]


def test_the_reduction_keeps_statements_that_span_lines_whole():
    text = ("import os\n" + "A = 1\n" * 6000 + 'B = """\nx = (\n"""\nC = [\n  1,\n]\n'
            "if os:\n    pass\nelse:\n    pass\nD = os.environ['X'] + '?a=1'\n")
    reduced = reduce(text)
    assert reduced is not None
    # B's string holds a `(`: kept, whole; C (no call) is dropped; else stays with its if.
    assert reduced.text == ('import os\nB = """\nx = (\n"""\n'
                            "if os:\n    pass\nelse:\n    pass\nD = os.environ['X'] + '?a=1'\n")
    assert [reduced.line(i) for i in (1, 2, 5, 9)] == [1, 6002, 6008, 6012]


def test_small_python_files_are_not_reduced():
    assert reduce("x = 1\n" * 100) is None


def test_a_typescript_file_of_empty_statements(tmp_path):
    root = write_tree(tmp_path / "t", {"package.json": PKG, "app/api/x/route.ts": (
        "import { PrismaClient } from '@prisma/client'\n" + ";\n" * 50000 +
        "export async function GET() {\n  const p = new PrismaClient()\n  return p\n}\n")})
    found = _json(run_cli("--no-cache", "--format", "json", ".", cwd=root))
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("PC101", 50003, 13)]


def test_package_json_nested_a_thousand_deep_is_no_internal_error(tmp_path):
    deep = '{"a":' * 1000 + "1" + "}" * 1000
    root = write_tree(tmp_path / "d", {
        "package.json": deep,
        ".env": "DATABASE_URL=postgresql://u@db.pooler.example.com:6543/db?connection_limit=3\n",
        "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
        "pyproject.toml": "a = " + "[" * 3000 + "]" * 3000 + "\n",
    })
    found = _json(run_cli("--no-cache", "--select", "ALL", "--format", "json", ".", cwd=root))
    assert ("PC900", "package.json") in {(d["code"], d["path"]) for d in found}
    assert "PC301" in {d["code"] for d in found}  # the rules still ran


def test_a_hundred_kilobyte_query_is_redacted_and_checked(tmp_path):
    url = "postgresql://u:pw@h:6543/db?" + "k" * 100_000 + "=1&password=Q5ecret"
    assert redact(url).endswith("&password=***")
    assert "Q5ecret" not in redact_text(url) and "pw@" not in redact_text(url)
    assert [p.kind for p in check_params(parse_url(url))] == ["unknown"]
    root = write_tree(tmp_path / "u", {"package.json": PKG, ".env": f"DATABASE_URL={url}\n"})
    proc = run_cli("--no-cache", "--format", "full", ".", cwd=root)
    assert proc.returncode == 1 and "Q5ecret" not in proc.stdout and ":pw@" not in proc.stdout


def test_the_time_budget_skips_a_file_and_the_run_goes_on(tmp_path):
    root = write_tree(tmp_path / "b", {
        "poolcheck.toml": "file-time-budget = 1e-9\n",
        "package.json": PKG,
        "app/api/x/route.ts": ("import { PrismaClient } from '@prisma/client'\n"
                               "export async function GET() { return new PrismaClient() }\n"),
        "main.py": "from prisma import Prisma\ndb = Prisma()\n",
    })
    found = _json(run_cli("--no-cache", "--format", "json", ".", cwd=root))
    skipped = {d["path"] for d in found if d["code"] == "PC900" and d["severity"] == "info"
               and "file-time-budget" in d["message"]}
    assert {"app/api/x/route.ts", "main.py"} <= skipped
    assert "PC101" not in {d["code"] for d in found}


def test_the_memory_ceiling_skips_a_file_and_is_never_cached(tmp_path):
    root = write_tree(tmp_path / "m", {
        "poolcheck.toml": "memory-limit = 1\n",
        "package.json": PKG,
        "app/api/x/route.ts": ("import { PrismaClient } from '@prisma/client'\n"
                               "export async function GET() { return new PrismaClient() }\n"),
    })
    cache = tmp_path / "cache"
    for _ in range(2):
        found = _json(run_cli("--cache-dir", str(cache), "--format", "json", ".", cwd=root))
        route = [d for d in found if d["path"] == "app/api/x/route.ts"]
        assert [(d["code"], d["severity"]) for d in route] == [("PC900", "info")]
        assert "memory-limit (1 MiB)" in route[0]["message"]
    (root / "poolcheck.toml").write_text("memory-limit = 0\n")
    found = _json(run_cli("--cache-dir", str(cache), "--format", "json", ".", cwd=root))
    assert [d["code"] for d in found] == ["PC101"]  # with no ceiling the file is analysed


@settings(derandomize=True, max_examples=200, deadline=None)
@given(password=st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), min_size=1, max_size=16))
def test_the_url_model_never_turns_a_password_into_a_host_or_a_parameter(password):
    marker = "Mk" + password + "Zz"
    url = f"postgresql://app:{marker}@db.example.com:6543/db?connection_limt=1"
    parsed = parse_url(url)
    assert parsed.password == unquote(marker)
    assert parsed.host == "db.example.com" and parsed.port == 6543
    assert [p.key for p in parsed.params] == ["connection_limt"]
    for shown in (redact(url), redact_text(url), redact_text(f"DATABASE_URL='{url}' # x")):
        assert "Mk" not in shown and "Zz" not in shown


def test_valid_python_nested_past_the_analysis_is_an_info_note_not_a_syntax_error(check):
    # pydoc_data/topics.py's shape: one literal of thousands of implicitly concatenated
    # strings parses fine but nests deeper than the analysis passes go
    parts = " ".join(repr(f"line {i} connect") for i in range(3000))
    found = check({"app/topics.py": f"from prisma import Prisma\ndb = Prisma()\nTOPICS = ({parts})\n"})
    assert [(f.code, f.severity, f.message) for f in found] == [
        ("PC900", "I", "nesting too deep to analyse; not analysed")]



@pytest.mark.parametrize("where", ["front-end", "rule"])
def test_a_budget_hit_wrapped_by_python_is_a_skip_not_an_internal_error(tmp_path, monkeypatch, where):
    """Python 3.11 wraps an exception raised in `__set_name__` (the budget's SIGPROF tick
    firing while a parser's classes are defined) in a RuntimeError: still a budget skip."""
    from poolcheck import frontends
    from poolcheck.config import Settings
    from poolcheck.core.budget import BudgetExceeded
    from poolcheck.engine import FoundFile, analyse_source
    from poolcheck.engine import files as engine_files
    from poolcheck.rules import implemented_codes
    from poolcheck.rules.registry import Rule

    def wrapped(*args, **kwargs):
        try:
            raise BudgetExceeded("over file-time-budget (1 CPU second); not analysed")
        except BudgetExceeded as exc:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from exc

    if where == "front-end":
        monkeypatch.setattr(frontends, "analyse", wrapped)
    else:
        broken = {code: Rule(rule.spec, wrapped) for code, rule in engine_files.load().items()}
        monkeypatch.setattr(engine_files, "load", lambda: broken)
    path = tmp_path / "main.py"
    data = b"from prisma import Prisma\ndb = Prisma()\n"
    path.write_bytes(data)
    result = analyse_source(FoundFile(path, "python", explicit=True), data, Settings(), implemented_codes())
    assert result.errors == []
    assert [(d.code, d.severity.value, d.message) for d in result.diagnostics] == [
        ("PC900", "I", "over file-time-budget (1 CPU second); not analysed")]
    assert result.transient  # never cached: the next run may have the time


def test_the_memory_check_reads_the_current_size_only_past_the_peak(monkeypatch):
    """`over_megabytes` answers as `rss_megabytes() > limit` does: the peak (getrusage)
    bounds the current size, so below it the answer is no without reading /proc."""
    from poolcheck.core import budget

    current = budget.rss_megabytes()
    assert budget.over_megabytes(current / 2) is True
    assert budget.over_megabytes(current * 4 + 1024) is False
    reads = []
    monkeypatch.setattr(budget, "rss_megabytes", lambda: reads.append(1) or current)
    monkeypatch.setattr(budget, "_peak_megabytes", lambda: current + 10)
    assert budget.over_megabytes(current + 20) is False and reads == []  # the peak is below
    assert budget.over_megabytes(current + 5) is False and reads == [1]  # peak above: read it
    monkeypatch.setattr(budget, "_peak_megabytes", lambda: None)          # no getrusage
    assert budget.over_megabytes(current - 1) is True and reads == [1, 1]
