"""The schema front-end: spans, values, error lines, facts."""

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from poolcheck.core.diagnostics import Span
from poolcheck.facts import ParseProblem, UrlLiteral
from poolcheck.frontends import prisma_schema
from poolcheck.frontends.prisma_schema import parse
from poolcheck.core.sources import Source


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


# ---------------------------------------------------------------- block comments (Prisma >= 6.1)
DS = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n'


def test_block_comments_are_no_parse_errors():
    text = ('/**\n * The shop schema.\n */\n' + DS +
            'model User {\n  /* the key\n     spans lines */\n  id Int @id /* trailing */\n'
            '  /* a */ name String\n  @@map("users") /* table */\n}\n'
            'enum Role {\n  ADMIN /* x */\n}\n')
    model = parse(text)
    assert model.ok, [p.message for p in model.problems]


def test_a_datasource_inside_a_block_comment_is_not_live():
    text = DS + '/*\ndatasource old {\n  provider = "mysql"\n  url = "mysql://root:hunter2@h/db"\n}\n*/\n'
    facts = _facts(text)
    assert [ds.name for ds in facts.models["schema"].datasources] == ["db"]
    assert not list(facts.of(UrlLiteral)) and not list(facts.of(ParseProblem))


def test_a_trailing_block_comment_keeps_the_url():
    text = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL") /* note */\n}\n'
    assert parse(text).datasource.url("url").env_var == "DATABASE_URL"
    lit = 'datasource db {\n  provider = "postgresql"\n  url = "postgresql://u:p@h/db" /* note */\n}\n'
    (url,) = _facts(lit).of(UrlLiteral)
    assert url.value == "postgresql://u:p@h/db"


def test_a_brace_inside_a_block_comment_does_not_close_the_block():
    text = DS + 'model User {\n  id Int @id\n  /* }\n  */\n  name String\n}\n'
    assert parse(text).ok


def test_block_comments_where_prisma_rejects_them():
    cases = [
        DS + 'model User {\n  id Int /* between tokens */ @id\n}\n',
        DS + 'model User {\n  id Int @id /* one */ /* two */\n}\n',
        DS + 'model User {\n  id Int @id /* then */ // line comment\n}\n',
        'datasource db {\n  provider = "postgresql"\n  url = /* x */ env("DATABASE_URL")\n}\n',
        '/* a /* nested */ b */\n' + DS,
        DS + '/* never closed\n',
        DS + '*/\n',
    ]
    for text in cases:
        assert parse(text).problems, text


def test_a_comment_marker_inside_a_string_is_text():
    text = 'datasource db {\n  provider = "postgresql"\n  url = "postgresql://u:p@h/db/* x */"\n}\n'
    assert parse(text).datasource.url("url").literal == "postgresql://u:p@h/db/* x */"


# ---------------------------------------------------------------- identifiers, env(), BOM
def test_identifiers_in_any_script_but_only_letters():
    assert parse(DS + 'model Üser {\n  id Int @id\n  naïve String\n}\nenum 役割 {\n  管理者\n}\n').ok
    for name in ("U😀", "X²", "XⅧ", "X٣", "_X"):
        assert parse(DS + 'model %s {\n  id Int @id\n}\n' % name).problems, name


def test_env_with_a_trailing_comma_is_rejected_like_prisma():
    text = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL",)\n}\n'
    model = parse(text)
    assert not model.ok and model.datasource.url("url").env_var is None
    assert any("Exactly one string parameter" in p.message for p in model.config_errors)


def test_a_byte_order_mark_is_rejected_as_the_prisma_cli_does():
    facts = _facts("\ufeff" + DS)
    problems = list(facts.of(ParseProblem))
    assert problems and problems[0].span.line == 1 and "byte-order mark" in problems[0].message


# ---------------------------------------------------------------- relationMode, Prisma 7
def test_relation_mode_values_prisma_rejects():
    def mode(provider, line):
        return parse('datasource db {\n  provider = "%s"\n  url = env("U")\n  %s\n}\n' % (provider, line))
    assert mode("mysql", 'relationMode = "prisma"').ok and mode("mysql", 'relationMode = "foreignKeys"').ok
    assert mode("mysql", 'referentialIntegrity = "prisma"').ok
    for bad in ('relationMode = "Prisma"', 'relationMode = "foreignkeys"', 'relationMode = prisma',
                'referentialIntegrity = "x"'):
        assert not mode("mysql", bad).ok, bad
    assert not mode("mongodb", 'relationMode = "foreignKeys"').ok
    both = mode("mysql", 'relationMode = "prisma"\n  referentialIntegrity = "prisma"')
    assert any("cannot be used together" in p.message for p in both.config_errors)


def test_prisma_7_reports_a_url_in_the_schema(tmp_path):
    (tmp_path / "package.json").write_text('{"dependencies": {"prisma": "^7.0.0"}}')
    path = tmp_path / "prisma" / "schema.prisma"
    path.parent.mkdir()
    text = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
    facts = prisma_schema.analyse(Source.from_bytes(path, "prisma", text.encode()), None)
    (problem,) = facts.of(ParseProblem)
    assert problem.span.line == 3 and "prisma.config.ts" in problem.message
    assert parse('datasource db {\n  provider = "postgresql"\n}\n', prisma_major=7).ok
    assert not parse('datasource db {\n  provider = "postgresql"\n}\n').ok  # <= 6: url is required


# ---------------------------------------------------------------- the line-level fast path
def _both_ways(text, monkeypatch):
    monkeypatch.setattr(prisma_schema.lines, "FAST_PATH_MIN_LINES", 10 ** 9)
    slow = parse(text)
    monkeypatch.setattr(prisma_schema.lines, "FAST_PATH_MIN_LINES", 0)
    fast = parse(text)
    return slow, fast


def test_fast_path_gives_the_same_model_on_every_fixture(monkeypatch):
    fixtures = sorted((Path(__file__).parent / "fixtures" / "schema").rglob("*.prisma"))
    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    from parsers import synthetic_schema
    texts = [p.read_bytes().decode("utf-8") for p in fixtures] + [synthetic_schema(60_000)]
    for text in texts:
        slow, fast = _both_ways(text, monkeypatch)
        assert (slow.problems, slow.config_errors, slow.blocks, slow.datasources) == \
               (fast.problems, fast.config_errors, fast.blocks, fast.datasources)


@settings(derandomize=True, max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(
    ["id", "x", "5", "Int", "String?", "Post[]", " ", "\t", "@id", "@@index", "@default", "@db.VarChar",
     "(", ")", "[", "]", ",", ":", '"s"', '"a\\\\b"', "1", "-2.5", "5abc", "now()", "cuid", ".", "?", "!",
     "// c", "@", "@@", "a.b", "Desc", "sort"]), min_size=1, max_size=12).map("".join))
def test_a_line_the_fast_path_takes_is_one_the_parser_accepts_silently(line):
    fast = prisma_schema._fast_path()
    for context, kind in (("model_line", "model"), ("enum_line", "enum")):
        if not fast[context](line):
            continue
        model = parse('%s M {\n%s\n}\n' % (kind, line))  # small: the parser alone reads it
        assert not model.problems, (context, line)


def test_unclosed_comments_and_blocks_stay_linear():
    # Each header would otherwise rescan the rest of the file; each /* would search to its end.
    model = parse("model A {\n  x Int\n" * 2000)
    assert len(model.problems) == 4000 and not model.blocks
    assert len(parse("/* x\n" * 20000).problems) == 20000
