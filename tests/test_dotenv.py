"""The .env front-end: both dialects, spans, warnings, recovery."""

from pathlib import Path

import pytest

from poolcheck.diagnostics import Span
from poolcheck.facts import ParseProblem, UrlLiteral
from poolcheck.frontends import dotenv
from poolcheck.frontends.dotenv import NODE, PYTHON, parse
from poolcheck.sources import Source

FIXTURES = Path(__file__).parent / "fixtures" / "dotenv"

# What JS dotenv 16 (+ dotenv-expand 11, as Prisma loads .env) and python-dotenv 1.x return
# for fixtures/dotenv/dialects.env (checked against both libraries).
NODE_VALUES = {"PLAIN": "value", "HASH": "abc", "LEADING_HASH": "", "EMPTY": "", "EMPTY_COMMENT": "",
               "DQ": 'line\nnext \\"q\\"', "SQ": "it\\'s", "BT": "tick", "MULTI": "first\nsecond",
               "REF": "value/x", "BARE": "value/x", "DUP": "two"}
PYTHON_VALUES = {"PLAIN": "value", "HASH": "abc#def", "LEADING_HASH": "#x", "EMPTY": "", "EMPTY_COMMENT": "",
                 "DQ": 'line\nnext "q"', "SQ": "it's", "BT": "`tick`", "MULTI": "first\nsecond",
                 "REF": "value/x", "BARE": "$PLAIN/x", "DUP": "two"}


def _text(name):
    return (FIXTURES / name).read_bytes().decode("utf-8").lstrip("\ufeff")


@pytest.mark.parametrize("dialect,expected", [(NODE, NODE_VALUES), (PYTHON, PYTHON_VALUES)])
def test_dialect_values(dialect, expected):
    model = parse(_text("dialects.env"), dialect)
    assert not model.problems
    assert model.values() == expected


def test_disagreements_are_warned_by_key_never_by_value():
    model = parse(_text("dialects.env"), NODE)
    warned = {w.key for w in model.warnings}
    assert {"HASH", "LEADING_HASH", "DQ", "SQ", "BT", "BARE"} <= warned
    assert "PLAIN" not in warned and "MULTI" not in warned
    assert all("abc" not in w.message and "def" not in w.message for w in model.warnings)


def test_bare_key_is_python_only_and_export_prefix_is_recorded():
    model = parse(_text("dialects.env"), PYTHON)
    entries = {e.key: e for e in model.entries}
    assert entries["BARE_KEY"].py is None and entries["BARE_KEY"].js is None
    assert entries["PLAIN"].exported


def test_value_spans():
    model = parse(_text("dialects.env"), NODE)
    assert model.entry("PLAIN").span == Span(2, 16, 2, 21)
    assert model.entry("MULTI").span == Span(10, 8, 11, 7)
    assert model.entry("DUP").span.line == 15


def test_url_literals_bom_and_crlf():
    source = Source.from_bytes(Path(".env"), "dotenv", (FIXTURES / "bom_crlf.env").read_bytes())
    facts = dotenv.analyse(source, None)
    (lit,) = facts.of(UrlLiteral)
    assert lit.value == "postgresql://u:p@h/db" and lit.env_var == "DATABASE_URL"
    assert lit.span == Span(1, 14, 1, 35)


def test_unterminated_quote_is_a_problem_and_parsing_goes_on():
    model = parse('A=1\nB="never closed\nC=postgresql://h/db\n', NODE)
    assert [p.span.line for p in model.problems] == [2]
    assert model.values()["C"] == "postgresql://h/db" and model.values()["A"] == "1"


def test_junk_after_quoted_value_is_a_problem():
    model = parse('A="x" y\nB=2\n', PYTHON)
    assert [p.span.line for p in model.problems] == [1]
    assert model.values() == {"B": "2"}


def test_hash_inside_unquoted_url_is_reported_for_urls():
    model = parse("DATABASE_URL=postgresql://u:pa#ss@h/db\n", NODE)
    assert model.values()["DATABASE_URL"] == "postgresql://u:pa"
    assert any(w.url_related and w.key == "DATABASE_URL" for w in model.warnings)


def test_runtime_option_picks_the_dialect(tmp_path):
    from poolcheck.config import Settings

    settings = Settings(options={"runtime": "python"})
    source = Source.from_bytes(tmp_path / ".env", "dotenv", b"URL=postgresql://h/db#frag\n")
    (lit,) = dotenv.analyse(source, settings).of(UrlLiteral)
    assert lit.value == "postgresql://h/db#frag"


def test_runtime_is_detected_from_project_markers(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n")
    assert dotenv.dialect_for(tmp_path / ".env", None) == PYTHON
    (tmp_path / "package.json").write_text("{}")
    assert dotenv.dialect_for(tmp_path / ".env", None) == NODE


def test_problems_become_parse_problem_facts():
    source = Source.from_bytes(Path(".env"), "dotenv", b"GOOD=1\n'bad\n")
    assert [p.span.line for p in dotenv.analyse(source, None).of(ParseProblem)] == [2]
