"""The fix model, the applier and the command line's fix modes."""

from __future__ import annotations

import io
import json
import sys

import pytest

from fix_helpers import cli
from poolcheck.core.diagnostics import Span
from poolcheck.fixes import Applicability, Edit, Fix
from poolcheck.fixes.apply import apply_fixes
from poolcheck.fixes.text import FileText


def _ft(text: str) -> FileText:
    return FileText(text)


def test_edits_change_only_their_characters_and_keep_bom_and_line_endings():
    data = b"\xef\xbb\xbfa = 1\r\nb = \xc3\xa9t\xc3\xa9\rc = 3\n"
    ft = FileText.decode(data)
    assert ft.bom and ft.text.startswith("a = 1\r\n")
    fix = Fix.safe("x", Edit(Span(2, 5, 2, 8), "summer"), Edit.insertion(3, 1, "# c\r"))
    done = apply_fixes(ft, [fix])
    assert done.applied == (fix,)
    assert done.text.encode() == b"\xef\xbb\xbfa = 1\r\nb = summer\r# c\rc = 3\n"


def test_overlapping_fixes_wait_for_the_next_round_and_a_bad_fix_is_never_half_applied():
    ft = _ft("abcdef\n")
    first = Fix.safe("1", Edit(Span(1, 1, 1, 3), "X"))
    touching = Fix.safe("2", Edit(Span(1, 3, 1, 4), "Y"))       # starts where the first ends
    later = Fix.safe("3", Edit(Span(1, 5, 1, 6), "Z"))
    broken = Fix.safe("4", Edit(Span(1, 6, 1, 7), "!"), Edit(Span(9, 1, 9, 2), "?"))  # line 9: none
    twin = Fix.unsafe("5", Edit(Span(1, 1, 1, 3), "X"))         # same edits as `first`
    done = apply_fixes(ft, [later, touching, broken, first, twin])
    assert done.text.text == "XcdZf\n"
    assert set(done.applied) == {first, later, twin}
    assert done.skipped == 2
    again = apply_fixes(done.text, [])
    assert again.text.text == "XcdZf\n" and again.applied == ()


def test_offsets_past_a_line_end_are_refused():
    ft = _ft("ab\ncd\n")
    assert ft.offsets(Span(1, 3, 1, 3)) == (2, 2)        # the end of line 1 is a position
    assert ft.offsets(Span(1, 4, 1, 4)) is None           # past it is not
    assert apply_fixes(ft, [Fix.safe("x", Edit(Span(1, 4, 1, 4), "!"))]).text.text == "ab\ncd\n"


def test_applicability():
    assert Fix.safe("a", Edit.insertion(1, 1, "x")).allowed(unsafe=False)
    unsafe = Fix.unsafe("b", Edit.insertion(1, 1, "x"))
    assert unsafe.applicability is Applicability.UNSAFE
    assert not unsafe.allowed(unsafe=False) and unsafe.allowed(unsafe=True)


def test_a_fix_writing_a_credential_is_never_offered(tmp_path):
    from poolcheck.core.diagnostics import Diagnostic, Severity
    from poolcheck.fixes import registry
    from poolcheck.fixes.registry import FixContext, build_fix

    calls = []

    def leaky(d, ctx):
        calls.append(d)
        return Fix.safe("leak", Edit.insertion(1, 1, "postgresql://u:hunter22@db/x"))

    registry.builders()
    leaky.applicability = "safe"
    registry._BUILDERS.setdefault("PC999", []).append(leaky)
    try:
        d = Diagnostic("PC999", "x", Severity.ERROR, "m", tmp_path / "a.ts", Span(1, 1, 1, 2))
        assert build_fix(d, FixContext(d.path, "typescript", FileText("x\n"))) is None
        assert calls
    finally:
        del registry._BUILDERS["PC999"]


ENV = "DATABASE_URL=postgresql://app:Pl4nt0Xq7@db.prod.io:6543/app?connection_limt=3\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".env").write_text(ENV)
    return tmp_path


def test_fix_only_reports_nothing_else_and_exits_zero(project, capsys):
    status, out, err = cli(project, "--fix-only", ".", capsys=capsys)
    assert status == 0 and out == ""
    assert "fixed 2 findings" in err
    assert "connection_limit=3&pgbouncer=true" in (project / ".env").read_text()
    assert "Pl4nt0Xq7" not in out + err


def test_diff_exits_zero_when_there_is_nothing_to_fix(project, capsys):
    cli(project, "--fix", ".", capsys=capsys)
    status, out, err = cli(project, "--diff", ".", capsys=capsys)
    assert (status, out) == (0, "")


def test_fix_exit_status_is_the_remaining_findings(project, capsys):
    status, out, err = cli(project, "--fix", ".", capsys=capsys)
    assert status == 0 and out == ""
    assert "found 2 findings (2 fixed, 0 remaining)" in err


def test_stdin_fix_prints_the_fixed_text(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ENV.encode())))
    status, out, err = cli(project, "--fix", "-", "--stdin-filename", ".env", capsys=capsys)
    assert status == 0
    assert out == ENV.replace("connection_limt=3", "connection_limit=3&pgbouncer=true")
    assert (project / ".env").read_text() == ENV  # nothing written


def test_add_noqa_and_fix_do_not_mix(project, capsys):
    status, out, err = cli(project, "--fix", "--add-noqa", ".", capsys=capsys)
    assert status == 2 and "cannot be combined" in err


def test_json_without_a_fix_has_null(project, capsys):
    (project / ".env").write_text("DATABASE_URL=postgresql://app:Pl4nt0Xq7@db.prod.io:5432/app?connection_limit=0\n")
    status, out, err = cli(project, "--format", "json", ".", capsys=capsys)
    (row,) = json.loads(out)
    assert row["code"] == "PC306" and row["fix"] is None


def test_sarif_with_fixes_is_valid_sarif(project, capsys):
    from pathlib import Path

    import jsonschema

    status, out, err = cli(project, "--format", "sarif", ".", capsys=capsys)
    log = json.loads(out)
    fixes = [r["fixes"] for r in log["runs"][0]["results"] if "fixes" in r]
    assert len(fixes) == 2
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    assert "Pl4nt0Xq7" not in out


def test_no_fix_copies_a_credential_of_the_file(tmp_path):
    """The belt: an edit holding a password of the file's URLs, even out of URL form, is
    dropped; and PC311 never rewrites a query that carries a secret parameter."""
    from fix_helpers import findings
    from poolcheck.core.diagnostics import Diagnostic, Severity
    from poolcheck.fixes import registry
    from poolcheck.fixes.registry import FixContext, build_fix

    (tmp_path / ".git").mkdir()
    text = "export const url = process.env.DATABASE_URL + '?connection_limit=1&password=Pl4nt0Xq7'\n"
    path = tmp_path / "lib" / "url.ts"
    pc311 = [d for d in findings(path, text) if d.code == "PC311"]
    assert pc311 and pc311[0].autofix is None

    def leaky(d, ctx):
        return Fix.safe("leak", Edit.insertion(1, 1, 'set("x", "Pl4nt0Xq7")'))

    leaky.applicability = "safe"
    registry.builders()
    registry._BUILDERS.setdefault("PC998", []).append(leaky)
    try:
        d = Diagnostic("PC998", "x", Severity.ERROR, "m", path, Span(1, 1, 1, 2))
        assert build_fix(d, FixContext(path, "typescript", FileText(text))) is None
    finally:
        del registry._BUILDERS["PC998"]
