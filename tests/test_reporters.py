"""Output formats through the real CLI: lsp, sarif, github, json-lines, full."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from lsprotocol import converters, types

from poolcheck.core.links import rule_url
from poolcheck.reporters import FORMATS
from poolcheck.reporters.lsp import utf16_units
from poolcheck.urlmodel import redact_text
from poolcheck.rules import SPECS

from conftest import run_cli, write_tree

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# One finding with a related location, a non-ASCII character before the column (so
# UTF-16 and code-point columns differ), and a URL with a password on the reported line.
ROUTE = """
import { PrismaClient } from '@prisma/client'

export async function GET() {
  /* é𝄞 */ const prisma = new PrismaClient({ datasourceUrl: "postgresql://app:hunter2@db:5432/x" })
  return Response.json(await prisma.user.findMany())
}
"""
ROUTE_PATH = "app/api/users/route.ts"


@pytest.fixture
def project(tmp_path):
    return write_tree(tmp_path, {ROUTE_PATH: ROUTE})


def cli(project, fmt, *extra):
    proc = run_cli("--no-cache", "--select", "PC101", "--format", fmt, *extra, ".", cwd=project)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def test_every_format_is_registered():
    assert {"text", "json", "json-lines", "lsp", "sarif", "github", "full"} <= set(FORMATS)


# --- lsp -------------------------------------------------------------------------------

def test_lsp_format_round_trips_through_lsprotocol(project):
    out = json.loads(cli(project, "lsp"))
    uri = (project / ROUTE_PATH).as_uri()
    assert list(out) == [uri]
    converter = converters.get_converter()
    (raw,) = out[uri]
    diag = converter.structure(raw, types.Diagnostic)
    assert converter.unstructure(diag) == raw  # nothing lost or invented
    assert diag.code == "PC101"
    assert diag.source == "poolcheck"
    assert diag.severity == types.DiagnosticSeverity.Error
    assert diag.code_description.href == rule_url("PC101")
    # 0-based line; character in UTF-16 units: "  /* é𝄞 */ const prisma = " is 27 code
    # points, and 𝄞 takes two UTF-16 units.
    line = ROUTE.strip("\n").splitlines()[3]
    col = line.index("new PrismaClient")
    assert diag.range.start == types.Position(line=3, character=col + 1)
    assert diag.related_information[0].location.uri == uri
    assert diag.related_information[0].location.range.start.line == 2


def test_utf16_units():
    assert utf16_units("ab") == 2
    assert utf16_units("é𝄞") == 3
    assert utf16_units("é𝄞x") == 4


# --- sarif -----------------------------------------------------------------------------

def _validate_sarif(text: str) -> dict:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(text)
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    return log


def test_sarif_validates_and_describes_every_rule(project):
    log = _validate_sarif(cli(project, "sarif"))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [s.code for s in SPECS]
    for rule, spec in zip(rules, SPECS):
        assert rule["name"] == spec.name
        assert rule["shortDescription"]["text"] == spec.summary
        assert rule["fullDescription"]["text"]
        assert rule["helpUri"] == rule_url(spec.code)
        assert rule["defaultConfiguration"]["level"] == {"E": "error", "W": "warning", "I": "note"}[spec.severity.value]
    (result,) = run["results"]
    assert result["ruleId"] == "PC101" and rules[result["ruleIndex"]]["id"] == "PC101"
    assert result["level"] == "error"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": ROUTE_PATH, "uriBaseId": "%SRCROOT%"}
    line = ROUTE.strip("\n").splitlines()[3]
    assert loc["region"]["startLine"] == 4  # 1-based
    assert loc["region"]["startColumn"] == line.index("new PrismaClient") + 1  # code points
    assert run["columnKind"] == "unicodeCodePoints"
    assert result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 3


def _sarif(cwd, *paths):
    proc = run_cli("--no-cache", "--select", "PC101", "--format", "sarif", *paths, cwd=cwd)
    assert proc.returncode == 1, proc.stderr
    return _validate_sarif(proc.stdout)


def _fingerprints(log) -> list[str]:
    return [r["partialFingerprints"]["poolcheck/v1"] for r in log["runs"][0]["results"]]


def test_sarif_uris_are_relative_to_the_repository_root_from_any_folder(tmp_path):
    repo = write_tree(tmp_path / "repo", {"api/" + ROUTE_PATH: ROUTE, "web/README.md": "x\n"})
    (repo / ".git").mkdir()
    for cwd, path in ((repo, "api"), (repo / "web", "../api"), (repo / "api", ".")):
        log = _sarif(cwd, path)
        run = log["runs"][0]
        assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
        artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": "api/" + ROUTE_PATH, "uriBaseId": "%SRCROOT%"}, cwd
        related = run["results"][0]["relatedLocations"][0]
        assert related["physicalLocation"]["artifactLocation"]["uri"] == "api/" + ROUTE_PATH
        assert related["message"]["text"] and related["id"] == 1


def test_sarif_fingerprints_are_stable_across_runs_and_line_shifts(tmp_path):
    second = ROUTE.replace("export async function GET", "export async function POST")
    root = write_tree(tmp_path, {ROUTE_PATH: ROUTE + second.replace("import { PrismaClient } from '@prisma/client'\n", "")})
    first = _fingerprints(_sarif(root, "."))
    assert len(first) == 2 and len(set(first)) == 2
    assert _fingerprints(_sarif(root, ".")) == first
    route = root / ROUTE_PATH
    route.write_text("// a new header comment\n\n" + route.read_text())
    shifted = _sarif(root, ".")
    assert _fingerprints(shifted) == first
    assert shifted["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 6


def test_sarif_with_no_findings_is_valid(tmp_path):
    write_tree(tmp_path, {"lib/db.ts": "export const x = 1\n"})
    proc = run_cli("--no-cache", "--format", "sarif", ".", cwd=tmp_path)
    assert proc.returncode == 0
    log = _validate_sarif(proc.stdout)
    assert log["runs"][0]["results"] == []


def test_sarif_of_the_examples_validates():
    proc = run_cli("--no-cache", "--format", "sarif", "examples", cwd=EXAMPLES.parent)
    assert proc.returncode in (0, 1), proc.stderr
    log = _validate_sarif(proc.stdout)
    assert log["runs"][0]["results"]


# --- github, json-lines, full ------------------------------------------------------------

def test_github_workflow_commands(project):
    (line,) = cli(project, "github").splitlines()
    src = ROUTE.strip("\n").splitlines()[3]
    col = src.index("new PrismaClient") + 1
    assert line.startswith(f"::error file={ROUTE_PATH},line=4,col={col},endLine=4,endColumn=")
    assert ",title=PC101::client-per-request: PrismaClient constructed per request" in line


def test_github_escapes_newlines_and_property_separators():
    from poolcheck.core.diagnostics import Diagnostic, Severity, Span
    from poolcheck.reporters.github import format_line

    d = Diagnostic("PC201", "slow-call-in-transaction", Severity.WARNING, "50% slower\nnext",
                   Path("a,b:c.ts"), Span(2, 3, 4, 1))
    assert format_line(d) == ("::warning file=a%2Cb%3Ac.ts,line=2,col=3,endLine=4,title=PC201::"
                              "slow-call-in-transaction: 50%25 slower%0Anext")


def test_json_lines(project):
    lines = cli(project, "json-lines").splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert obj["code"] == "PC101" and obj["path"] == ROUTE_PATH and obj["line"] == 4
    assert obj == json.loads(cli(project, "json"))[0]


def test_full_shows_the_line_a_caret_and_the_fix_without_the_password(project):
    out = cli(project, "full")
    assert "hunter2" not in out
    lines = out.splitlines()
    src = ROUTE.strip("\n").splitlines()[3]
    col = src.index("new PrismaClient")
    assert lines[0].startswith(f"{ROUTE_PATH}:4:{col + 1}: PC101 [error] ")
    assert lines[2] == "4 | " + src.replace("app:hunter2@", "app:***@")
    caret = lines[3]
    assert caret.startswith("  | " + " " * col + "^")
    assert set(caret[4 + col:]) == {"^"}
    assert "= fix: Import one shared client from a module such as lib/db.ts" in out
    assert f"= help: {rule_url('PC101')}" in out
    assert "= related: app/api/users/route.ts:3:" in out


@pytest.mark.parametrize("line, masked", [
    ('url = "postgresql://app:hunter2@db/x"', 'url = "postgresql://app:***@db/x"'),
    ("DATABASE_URL=mysql://root:p%40ss@localhost:3306/d", "DATABASE_URL=mysql://root:***@localhost:3306/d"),
    ("postgres://:only@host", "postgres://:***@host"),
    ("postgresql://nopassword@host/db", "postgresql://nopassword@host/db"),
    ("https://example.com/a:b@c", "https://example.com/a:b@c"),
])
def test_source_lines_are_redacted(line, masked):
    assert redact_text(line) == masked


def test_no_format_prints_the_password(project):
    for fmt in FORMATS:
        proc = run_cli("--no-cache", "--format", fmt, ".", cwd=project)
        assert "hunter2" not in proc.stdout + proc.stderr, fmt


def test_full_caret_sits_under_the_same_text_after_the_password_is_masked(tmp_path):
    line = 'DATABASE_URL="postgresql://app:hunter2secret@db.example.com:5432/app?connection_limt=3&sslmode=require"'
    write_tree(tmp_path, {".env": line + "\n"})
    proc = run_cli("--no-cache", "--select", "PC305", "--format", "full", ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    shown = next(l for l in lines if l.startswith("1 | "))[4:]
    caret = next(l for l in lines if "^" in l)[4:]
    assert "hunter2" not in proc.stdout
    start = caret.index("^")
    assert shown[start:start + caret.count("^")] == "connection_limt=3"
