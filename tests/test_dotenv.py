"""The .env front-end: the three readers, spans, findings, recovery.

The values below were checked against the real libraries; tests/test_env_conformance.py
runs them over every fixture file, and this file pins the behaviour that matters."""

from pathlib import Path

import pytest

from poolcheck.core.diagnostics import Span
from poolcheck.facts import EnvWarning, ParseProblem, UrlLiteral
from poolcheck.frontends import dotenv
from poolcheck.frontends.dotenv import DOTENV, NODE, PRISMA, PYDOTENV, PYTHON, parse, readers_for
from poolcheck.core.sources import Source

FIXTURES = Path(__file__).parent / "fixtures" / "dotenv"
ALL = (PRISMA, DOTENV, PYDOTENV)

DOTENV_VALUES = {"PLAIN": "value", "HASH": "abc", "LEADING_HASH": "", "EMPTY": "", "EMPTY_COMMENT": "",
                 "DQ": 'line\nnext \\"q\\"', "SQ": "it\\'s", "BT": "tick", "MULTI": "first\nsecond",
                 "REF": "${PLAIN}/x", "BARE": "$PLAIN/x", "DUP": "two"}
PRISMA_VALUES = {**DOTENV_VALUES, "REF": "value/x"}
PYTHON_VALUES = {"PLAIN": "value", "HASH": "abc#def", "LEADING_HASH": "#x", "EMPTY": "", "EMPTY_COMMENT": "",
                 "DQ": 'line\nnext "q"', "SQ": "it's", "BT": "`tick`", "MULTI": "first\nsecond",
                 "REF": "value/x", "BARE": "$PLAIN/x", "DUP": "two"}


def _text(name):
    return (FIXTURES / name).read_bytes().decode("utf-8").lstrip("\ufeff")


def _values(text, reader):
    return parse(text, readers=ALL).values(reader)


@pytest.mark.parametrize("reader,expected", [(DOTENV, DOTENV_VALUES), (PRISMA, PRISMA_VALUES),
                                             (PYDOTENV, PYTHON_VALUES)])
def test_reader_values(reader, expected):
    assert _values(_text("dialects.env"), reader) == expected


def test_readers_follow_the_runtime_and_the_prisma_version():
    assert readers_for(NODE) == (PRISMA, DOTENV)
    assert readers_for(NODE, 6) == (PRISMA, DOTENV)
    assert readers_for(NODE, 7) == (DOTENV,)          # Prisma 7 loads no .env itself
    assert readers_for(PYTHON) == (PYDOTENV, PRISMA)  # prisma-client-py, and the Prisma CLI


# ---------------------------------------------------------------- expansion
def test_prisma_expands_only_braced_references():
    text = "PW=s3cr3t\nURL=postgresql://u:pa$word@h/db\nB=postgresql://u:${PW}@h/db\n"
    assert _values(text, PRISMA)["URL"] == "postgresql://u:pa$word@h/db"
    assert _values(text, PRISMA)["B"] == "postgresql://u:s3cr3t@h/db"
    assert _values(text, DOTENV)["B"] == "postgresql://u:${PW}@h/db"   # plain dotenv expands nothing


def test_defaults_escapes_and_forward_references_per_reader():
    text = "D=${MISSING:-fb}\nE=\\${A}\nF=${LATER}/x\nLATER=l\nA=a\n"
    prisma, python = _values(text, PRISMA), _values(text, PYDOTENV)
    assert prisma["D"] == "${MISSING:-fb}" and python["D"] == "fb"
    assert prisma["E"] == "${A}" and python["E"] == "\\"  # A comes after E
    assert prisma["F"] == "l/x" and python["F"] == "/x"


def test_dollar_patterns_in_a_substituted_value_follow_javascript_replace():
    text = "P=pa$$word\nU=${P}@h\nV=x${P}y\n"
    assert _values(text, PRISMA)["U"] == "pa$word@h"
    assert _values(text, PYDOTENV)["U"] == "pa$$word@h"


def test_self_reference_crashes_prisma_and_is_reported():
    model = parse("DATABASE_URL=postgresql://h/db\nLOOP=${LOOP}x\n", readers=ALL)
    assert "LOOP" not in model.values(PRISMA)
    (warning,) = [w for w in model.warnings if "Maximum call stack" in w.message]
    assert warning.key == "LOOP" and warning.span.line == 2
    assert _values("LOOP=${LOOP}x\n", PYDOTENV) == {"LOOP": "x"}


def test_expansion_is_linear_in_the_number_of_keys():
    # 20,000 keys, each referring to the one before: one pass, no rebuild per key.
    lines = ["K0=postgresql://h/db"] + [f"K{i}=${{K{i - 1}}}" for i in range(1, 20000)]
    model = parse("\n".join(lines) + "\n", readers=ALL)
    assert model.values(PRISMA)["K19999"] == "postgresql://h/db"
    assert model.values(PYDOTENV)["K19999"] == "postgresql://h/db"


# ---------------------------------------------------------------- lines the readers differ on
@pytest.mark.parametrize("line,node_value", [
    ('K="a" | "b"', 'a" | "b'),
    ('K="abc" def', '"abc" def'),
    ('K="abc', '"abc'),
    ("K: value", "value"),
])
def test_node_reads_lines_python_dotenv_skips(line, node_value):
    model = parse(line + "\nZ=1\n", readers=ALL)
    assert model.values(DOTENV)["K"] == node_value
    assert model.values(PRISMA)["K"] == node_value
    assert "K" not in model.values(PYDOTENV)
    assert 1 in model.skipped[PYDOTENV]
    assert not parse(line + "\n", NODE).problems       # a Node project: both its readers read it


def test_export_without_a_name_is_the_key_export_for_dotenv():
    model = parse("export =2\n", readers=ALL)
    assert model.values(DOTENV) == {"export": "2"}
    assert model.values(PYDOTENV) == {}


def test_non_ascii_key_is_python_only_and_a_node_project_is_told():
    model = parse("CLÉ=v\nA=1\n", NODE)
    assert "CLÉ" not in model.values(PRISMA) and "CLÉ" not in model.values(DOTENV)
    (problem,) = model.problems
    assert problem.span.line == 1
    assert "dotenv (Node) and Prisma's .env loader skip it" in problem.message
    assert parse("CLÉ=v\n", PYTHON).values() == {"CLÉ": "v"}


def test_python_dotenv_bare_key_after_assignment_is_none():
    model = parse("KEY=1\nKEY\nOTHER=${KEY}-x\n", readers=ALL)
    assert model.values(DOTENV) == {"KEY": "1", "OTHER": "${KEY}-x"}
    assert "KEY" not in model.values(PYDOTENV)                  # None: unset
    assert model.values(PYDOTENV)["OTHER"] == "-x"
    assert model.entry("KEY", PYDOTENV) is None


def test_python_dotenv_drops_an_escaped_closing_quote_line():
    model = parse('A=1\nK="abc\\"\nB=2\n', readers=ALL)
    assert model.values(PYDOTENV) == {"A": "1", "B": "2"}
    assert model.values(DOTENV)["K"] == "abc\\"
    assert model.skipped[PYDOTENV] == [2]


def test_documentation_line_read_by_dotenv_is_no_parse_error_in_a_node_project():
    text = "Example: postgresql://user:pw@localhost:5432/db\nSee README for the rest\n"
    model = parse(text, NODE)
    assert [p.span.line for p in model.problems] == [2]
    assert "dotenv (Node) and Prisma's .env loader skip it" in model.problems[0].message
    py = parse(text, PYTHON)
    assert [p.span.line for p in py.problems] == [2]
    assert "python-dotenv and" not in py.problems[0].message or "skip it" in py.problems[0].message


# ---------------------------------------------------------------- findings on disagreement
def test_readers_that_disagree_on_a_url_give_one_visible_warning_naming_each():
    model = parse("DATABASE_URL=postgresql://u:pw@h/db#frag\n", PYTHON)
    (warning,) = [w for w in model.warnings if w.key == "DATABASE_URL"]
    assert warning.url_related
    assert "python-dotenv reads 'postgresql://u:***@h/db#frag'" in warning.message
    assert "Prisma's .env loader reads 'postgresql://u:***@h/db'" in warning.message
    assert "pw" not in warning.message


def test_a_url_only_python_reads_is_a_disagreement_for_a_python_project():
    model = parse('DATABASE_URL="postgresql://u:p@h/db" | "x"\n', PYTHON)
    (warning,) = [w for w in model.warnings if w.key == "DATABASE_URL"]
    assert "python-dotenv does not define it" in warning.message


def test_agreeing_readers_and_non_urls_give_no_warning():
    assert not parse('DATABASE_URL="postgresql://u:p@h/db"\nCOLOR=a#b\n', PYTHON).warnings
    assert not parse("COLOR=a#b\n", NODE).warnings


def test_hash_inside_an_unquoted_url_is_reported_even_when_the_readers_agree():
    model = parse("DATABASE_URL=postgresql://u:pa#ss@h/db\n", NODE)
    assert model.values()["DATABASE_URL"] == "postgresql://u:pa"
    (warning,) = model.warnings
    assert warning.url_related and "#" in warning.message and "ss@h" not in warning.message


# ---------------------------------------------------------------- spans, BOM, newlines
def test_value_spans():
    model = parse(_text("dialects.env"), NODE)
    assert model.entry("PLAIN").span == Span(2, 16, 2, 21)
    assert model.entry("MULTI").span == Span(10, 8, 11, 7)
    assert model.entry("DUP").span.line == 15
    py = parse(_text("dialects.env"), PYTHON)
    assert py.entry("HASH").span == Span(3, 6, 3, 13)


def test_url_literals_bom_and_crlf():
    source = Source.from_bytes(Path(".env"), "dotenv", (FIXTURES / "bom_crlf.env").read_bytes())
    facts = dotenv.analyse(source, None)
    (lit,) = facts.of(UrlLiteral)
    assert lit.value == "postgresql://u:p@h/db" and lit.env_var == "DATABASE_URL"
    assert lit.span == Span(1, 14, 1, 35)


def test_unterminated_quote_swallows_nothing_in_node_and_goes_on():
    model = parse('A=1\nB="never closed\nC=postgresql://h/db\n', NODE)
    assert not model.problems
    assert model.values() == {"A": "1", "B": '"never closed', "C": "postgresql://h/db"}


def test_a_line_no_reader_reads_is_a_problem_and_parsing_goes_on():
    model = parse("A=1\n'bad\nB=2\n", PYTHON)
    assert [p.span.line for p in model.problems] == [2]
    assert "python-dotenv and Prisma's .env loader skip it" not in model.problems[0].message
    assert model.values() == {"A": "1", "B": "2"}


def test_runtime_option_picks_the_reader(tmp_path):
    from poolcheck.config import Settings

    settings = Settings(options={"runtime": "python"})
    source = Source.from_bytes(tmp_path / ".env", "dotenv", b"URL=postgresql://h/db#frag\n")
    (lit,) = dotenv.analyse(source, settings).of(UrlLiteral)
    assert lit.value == "postgresql://h/db#frag"


def test_prisma_7_project_reads_env_as_dotenv(tmp_path):
    (tmp_path / "package.json").write_text('{"dependencies": {"prisma": "^7.0.0"}}')
    source = Source.from_bytes(tmp_path / ".env", "dotenv", b"P=x\nURL=postgresql://u:${P}@h/db\n")
    facts = dotenv.analyse(source, None)
    assert facts.models["dotenv"].readers == (DOTENV,)
    assert [lit.value for lit in facts.of(UrlLiteral)] == ["postgresql://u:${P}@h/db"]


def test_runtime_is_detected_from_project_markers(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n")
    assert dotenv.dialect_for(tmp_path / ".env", None) == PYTHON
    (tmp_path / "package.json").write_text("{}")
    assert dotenv.dialect_for(tmp_path / ".env", None) == NODE


def test_problems_become_parse_problem_facts():
    source = Source.from_bytes(Path(".env"), "dotenv", b"GOOD=1\n'bad\n")
    assert [p.span.line for p in dotenv.analyse(source, None).of(ParseProblem)] == [2]


def test_expansion_disagreement_only_when_the_node_app_loads_dotenv_itself(tmp_path):
    text = b"U=app\nDATABASE_URL=postgresql://${U}:pw@db:5432/app\n"
    (tmp_path / "package.json").write_text('{"dependencies": {"@prisma/client": "^6.1.0"}}')
    facts = dotenv.analyse(Source.from_bytes(tmp_path / ".env", "dotenv", text), None)
    assert facts.models["dotenv"].readers == (PRISMA,)     # compose, Prisma: the app loads nothing itself
    assert not facts.models["dotenv"].warnings
    assert [lit.value for lit in facts.of(UrlLiteral)] == ["postgresql://app:pw@db:5432/app"]
    (tmp_path / "package.json").write_text('{"dependencies": {"@prisma/client": "^6.1.0", "dotenv": "^16"}}')
    from poolcheck.project import packages
    packages._read_json.cache_clear()
    facts = dotenv.analyse(Source.from_bytes(tmp_path / ".env", "dotenv", text), None)
    (warning,) = facts.models["dotenv"].warnings
    assert list(facts.of(EnvWarning)) == [warning]  # a typed fact: PC306 reads it, not the model
    assert "dotenv (Node) reads 'postgresql://${U}:***@db:5432/app'" in warning.message
