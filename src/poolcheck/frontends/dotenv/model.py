"""The .env model's pieces every reader shares: reader names, the grammar's terminals
(`grammars/dotenv.lark`), offsets to spans, and one assignment as one reader reads it."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ...core.diagnostics import Span

NODE, PYTHON = "node", "python"
PRISMA, DOTENV, PYDOTENV = "prisma", "dotenv", "python-dotenv"
READER_NAMES = {PRISMA: "Prisma's .env loader", DOTENV: "dotenv (Node)", PYDOTENV: "python-dotenv"}
# JavaScript's String.prototype.trim() and \s.
_JS_SPACE = "\t\n\x0b\x0c\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
            "\u2028\u2029\u202f\u205f\u3000\ufeff"
_PRISMA_REF = re.compile(r"(.?\$\{(?:[a-zA-Z0-9_]+)?\})")       # .?\${(?:[a-zA-Z0-9_]+)?}, /g
_PRISMA_REF_PARTS = re.compile(r"(.?)\$\{([a-zA-Z0-9_]+)?\}")
_JS_REPLACEMENT = re.compile(r"\$([$&`'])")
_JS_INDEX_KEY = re.compile(r"0|[1-9][0-9]{0,9}")


@lru_cache(maxsize=1)
def _terminals() -> dict[str, re.Pattern]:
    from ...core.grammar_cache import terminals
    from ...core.resources import grammar_path

    found = terminals("dotenv", grammar_path("dotenv.lark").read_text(encoding="utf-8"), "dotenv.lark")
    return {name: re.compile(pattern) for name, pattern in found.items()}


_COMMENT_OR_BLANK = re.compile(r"[\s\ufeff]*(?:#.*)?")


class Positions:
    """Offsets to (line, column) for a text whose lines end at \\n (normalised)."""

    def __init__(self, text: str):
        starts = [0]
        find, at = text.find, text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self.starts = starts

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        a, b = self.at(start), self.at(end)
        return Span(a[0], a[1], b[0], b[1])

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)



class EnvEntry:
    """One assignment as one reader reads it (values unexpanded; None: a bare `KEY`).

    Positions are kept as offsets and turned into spans on first use: most entries of a
    large file never need one."""

    __slots__ = ("key", "quote", "value", "exported", "hash_cut", "_pos", "_offsets")

    def __init__(self, key: str, pos: "Positions", offsets: tuple[int, int, int, int], quote: str,
                 value: str | None, exported: bool = False, hash_cut: str | None = None):
        self.key, self.quote, self.value, self.exported, self.hash_cut = key, quote, value, exported, hash_cut
        self._pos, self._offsets = pos, offsets  # key start, key end, value start, value end

    @property
    def key_span(self) -> Span:
        return self._pos.span(self._offsets[0], self._offsets[1])

    @property
    def span(self) -> Span:
        """The value (no quotes)."""
        return self._pos.span(self._offsets[2], self._offsets[3])

    def __repr__(self) -> str:  # never the value: it may be a secret
        return f"EnvEntry({self.key!r}, line {self.key_span.line})"


class LoaderCrash(ValueError):
    """Prisma's expander recurses without end (`A=${A}`, `A=${B}` with `B=${A}`)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key
