"""The grammar cache (core/grammar_cache.py): a parser restored from it parses as a freshly
built one; a corrupt, truncated, foreign or tampered file, or a folder that cannot be
written, still gives a parser that parses correctly (built from the grammar), and a bad
file is replaced by a good one."""

from __future__ import annotations

import pickle
from functools import lru_cache

import pytest

from poolcheck.core import grammar_cache
from poolcheck.core.resources import grammar_path

OPTIONS = dict(parser="lalr", lexer="contextual", start=["top_line", "model_line", "enum_line", "config_line"],
               maybe_placeholders=True)
LINES = [("top_line", "model User {"), ("model_line", '  id Int @id @default(autoincrement())'),
         ("model_line", '  email String @unique @db.VarChar(255) // note'),
         ("model_line", '  @@index([a, b(sort: Desc)], map: "x")'), ("enum_line", "  ADMIN"),
         ("config_line", '  url = env("DATABASE_URL")'), ("top_line", "datasource db {")]


def _grammar() -> str:
    return grammar_path("prisma.lark").read_text(encoding="utf-8")


def _parses(parser) -> list[str]:
    return [parser.parse(text, start=start).pretty() for start, text in LINES]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("POOLCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "grammars"


@lru_cache(maxsize=None)
def _expected():
    from lark import Lark

    return _parses(Lark(_grammar(), **OPTIONS))


# The damaged-file cases on a small grammar (each damaged file costs a build)
SMALL = 'start: pair ("," pair)*\npair: WORD "=" NUMBER\n%import common.WORD\n%import common.NUMBER\n%ignore " "\n'
SMALL_TEXT = "a = 1, bb = 22"


def _small():
    return grammar_cache.lark_parser("small", SMALL, parser="lalr")


def test_a_restored_parser_parses_as_a_built_one(cache_dir, monkeypatch):
    import lark

    first = grammar_cache.lark_parser("prisma", _grammar(), **OPTIONS)
    [kept] = cache_dir.iterdir()

    def no_build(*args, **kwargs):
        raise AssertionError("built again instead of restored")

    with monkeypatch.context() as patched:
        patched.setattr(lark.Lark, "__init__", no_build)
        again = grammar_cache.lark_parser("prisma", _grammar(), **OPTIONS)
    assert _parses(first) == _parses(again) == _expected()
    assert kept.stat().st_mode & 0o077 == 0 or cache_dir.stat().st_mode & 0o077 == 0


def _bad_files(good: bytes) -> list[bytes]:
    head, digest, payload = good.split(b"\n", 2)
    evil = pickle.dumps(pickle.loads(payload) | {"x": __import__("os").getcwd}, protocol=4)
    import hashlib

    def signed(body: bytes) -> bytes:
        return head + b"\n" + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b"\n" + body

    return [
        b"", b"garbage", good[: len(good) // 2],                      # empty, foreign, truncated
        good[:-10] + bytes(10),                                        # corrupt: the digest fails
        signed(evil),                                                  # a class in the payload
        signed(pickle.dumps({"data": {}, "memo": {}})),                # plain, but no parser
        signed(pickle.dumps(["not", "a", "dict"])),
    ]


def test_a_corrupt_or_tampered_cache_file_is_rebuilt(cache_dir):
    expected = _small().parse(SMALL_TEXT)
    [path] = cache_dir.iterdir()
    good = path.read_bytes()
    assert _small().parse(SMALL_TEXT) == expected  # restored from the file
    for bad in _bad_files(good):
        path.write_bytes(bad)
        assert _small().parse(SMALL_TEXT) == expected
        assert path.read_bytes() != bad and grammar_cache._read(path) is not None  # replaced
    # the schema grammar itself, from a damaged file
    schema = grammar_cache.cache_path("prisma", grammar_cache.lark_key(_grammar(), **OPTIONS))
    schema.write_bytes(good[:-10] + bytes(10))
    assert _parses(grammar_cache.lark_parser("prisma", _grammar(), **OPTIONS)) == _expected()


def test_an_unwritable_cache_folder_still_parses(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("POOLCHECK_CACHE_DIR", str(blocker / "cache"))  # mkdir fails
    assert _parses(grammar_cache.lark_parser("prisma", _grammar(), **OPTIONS)) == _expected()
    assert blocker.read_text() == "not a folder"


def test_the_terminal_tables_are_the_ones_lark_compiles(cache_dir):
    from poolcheck.frontends.dotenv import model

    text = grammar_path("dotenv.lark").read_text(encoding="utf-8")
    built = grammar_cache.terminals("dotenv", text, "dotenv.lark")
    again = grammar_cache.terminals("dotenv", text, "dotenv.lark")
    assert built == again and built
    [path] = cache_dir.iterdir()
    path.write_bytes(path.read_bytes()[:-3])
    assert grammar_cache.terminals("dotenv", text, "dotenv.lark") == built
    assert {k: v.pattern for k, v in model._terminals().items()} == built


def test_a_changed_grammar_does_not_reuse_the_old_tables(cache_dir):
    _small()
    changed = grammar_cache.lark_parser("small", SMALL.replace('"="', '":"'), parser="lalr")
    assert len(list(cache_dir.iterdir())) == 2
    assert changed.parse(SMALL_TEXT.replace("=", ":")) == _small().parse(SMALL_TEXT)
