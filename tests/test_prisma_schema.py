"""The schema front-end: spans, values, error lines, facts."""

from pathlib import Path

from poolcheck.diagnostics import Span
from poolcheck.facts import ParseProblem, UrlLiteral
from poolcheck.frontends import prisma_schema
from poolcheck.frontends.prisma_schema import parse
from poolcheck.sources import Source


def _facts(text: str):
    return prisma_schema.analyse(Source.from_bytes(Path("schema.prisma"), "prisma", text.encode()), None)


def test_literal_url_span_is_the_value_between_the_quotes():
    text = 'datasource db {\n  provider = "postgresql"\n  url      = "postgresql://u:p@h:5432/db"\n}\n'
    lits = list(_facts(text).of(UrlLiteral))
    assert len(lits) == 1
    assert lits[0].span == Span(3, 15, 3, 15 + len("postgresql://u:p@h:5432/db"))
    assert lits[0].origin == "schema" and lits[0].role == "url"


def test_env_urls_are_recorded_not_emitted_as_literals():
    text = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n  directUrl = env(name: "DIRECT")\n}\n'
    facts = _facts(text)
    assert not list(facts.of(UrlLiteral))
    ds = facts.models["schema"].datasource
    assert ds.url("url").env_var == "DATABASE_URL"
    assert ds.url("directUrl").env_var == "DIRECT"
    assert ds.url("url").span == Span(3, 9, 3, 28)


def test_columns_count_code_points():
    text = 'datasource db { // ünï\n  provider = "postgresql" // ö\n  url = "postgresql://ü:p@h/db"\n}\n'
    (lit,) = _facts(text).of(UrlLiteral)
    assert lit.span.col == 10 and lit.value == "postgresql://ü:p@h/db"


def test_a_broken_file_still_yields_its_datasource_and_a_problem_per_bad_line():
    text = ('model A {\n  id Int @id\n  this is = not valid\n}\n'
            'datasource db {\n  provider = "postgresql"\n  url = "postgresql://h/db"\n}\nwhat\n')
    facts = _facts(text)
    problems = list(facts.of(ParseProblem))
    assert [p.span.line for p in problems] == [3, 9]
    assert [lit.value for lit in facts.of(UrlLiteral)] == ["postgresql://h/db"]


def test_problem_messages_never_quote_the_line():
    text = 'datasource db {\n  provider = "postgresql"\n  url = postgresql://u:Sup3rS3cret@h/db\n}\n'
    model = parse(text)
    assert model.problems and all("Sup3rS3cret" not in p.message for p in model.problems)


def test_crlf_and_lone_cr_line_endings():
    for nl in ("\r\n", "\r"):
        text = nl.join(['datasource db {', '  provider = "mysql"', '  url = "mysql://h/db"', '}', ''])
        model = parse(text)
        assert model.ok and model.datasource.url().literal == "mysql://h/db"
        assert model.datasource.url().span.line == 3


def test_escapes_are_decoded_like_json_and_bad_ones_reported():
    model = parse('datasource db {\n  provider = "postgresql"\n  url = "postgresql://h/d\\u0062?x=\\/\\t"\n}\n')
    assert model.ok and model.datasource.url().literal == "postgresql://h/db?x=/\t"
    bad = parse('datasource db {\n  provider = "postgresql"\n  url = "a\\qb"\n}\n')
    assert [p.span for p in bad.problems] == [Span(3, 11, 3, 13)]
    assert bad.datasource.url().literal == "ab"


def test_keyword_glued_to_name_and_text_after_brace_and_close_then_block():
    model = parse('datasourcedb { anything here\n  provider = "sqlite"\n  url = "file:dev.db"\n} model B {\n  id Int @id\n}\n')
    assert model.ok
    assert [(b.kind, b.name) for b in model.blocks] == [("datasource", "db"), ("model", "B")]


def test_unclosed_block_swallows_lines_like_prisma():
    model = parse('model A {\n  id Int @id\ndatasource db {\n  provider = "postgresql"\n  url = "x"\n}\n')
    assert not model.datasources and len(model.problems) == 3


def test_last_duplicate_key_wins():
    model = parse('datasource db {\n  provider = "postgresql"\n  url = "postgresql://a/db"\n  url = "postgresql://b/db"\n}\n')
    assert model.ok and model.datasource.url().literal == "postgresql://b/db"


def test_generators_and_arrays_are_kept():
    model = parse('generator client {\n  provider = "prisma-client-js"\n  previewFeatures = ["driverAdapters", "metrics"]\n}\n')
    (gen,) = model.generators()
    assert [i.text for i in gen.get("previewFeatures").value.items] == ["driverAdapters", "metrics"]


def test_grammar_is_compiled_once():
    from poolcheck.frontends.prisma_schema import _parser
    assert _parser() is _parser()
