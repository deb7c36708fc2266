"""Lines of a schema as pest sees them: the split at \\n, \\r\\n or a lone \\r, blank and
comment tests, spans of one line's tokens, the Lark parser of one line (and the compiled
fast-path patterns for long files), `/*` outside strings, `\\uXXXX` escapes."""

from __future__ import annotations

from functools import lru_cache

from ...core.diagnostics import Span
from .model import _NEWLINE, _WS

@lru_cache(maxsize=1)
def _parser():
    from ...core.grammar_cache import lark_parser
    from ...core.resources import grammar_path

    # Building the tables takes Lark ~0.16 s; kept between processes (core/grammar_cache).
    return lark_parser("prisma", grammar_path("prisma.lark").read_text(encoding="utf-8"), parser="lalr",
                       lexer="contextual", start=["top_line", "model_line", "enum_line", "config_line"],
                       maybe_placeholders=True)


# Below this many lines the Lark parser alone is quicker than building the fast-path
# patterns (~0.1-0.3 s, once per process) and then using them.
FAST_PATH_MIN_LINES = 3000


@lru_cache(maxsize=1)
def _fast_path():
    """FP_MODEL_LINE and FP_ENUM_LINE from grammars/prisma.lark, compiled by Lark (its
    patterns kept between processes: core/grammar_cache)."""
    import re as _re

    from ...core.grammar_cache import terminals
    from ...core.resources import grammar_path

    text = grammar_path("prisma.lark").read_text(encoding="utf-8")
    section = text[text.index("// ---------------------------------------------------------------- line-level fast path"):]
    grammar = "start: FP_MODEL_LINE | FP_ENUM_LINE\n" + section
    found = terminals("prisma-fast-path", grammar, "prisma.lark")
    return {"model_line": _re.compile(found["FP_MODEL_LINE"]).fullmatch,
            "enum_line": _re.compile(found["FP_ENUM_LINE"]).fullmatch}


def _split_lines(text: str) -> list[tuple[str, bool]]:
    """Lines and whether each ends with a newline (\\n, \\r\\n or a lone \\r, as pest)."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _NEWLINE.finditer(text):
        out.append((text[pos:m.start()], True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _blank(segment: str) -> bool:
    rest = segment.lstrip(_WS)
    return not rest or rest.startswith("//")


class _Line:
    """Builds spans for tokens of one line parsed from column `offset` (0-based)."""

    def __init__(self, number: int, offset: int):
        self.number, self.offset = number, offset

    def span(self, token) -> Span:
        return Span(self.number, token.column + self.offset, self.number, token.end_column + self.offset)

    def whole(self, segment: str) -> Span:
        stripped = segment.lstrip(_WS)
        start = self.offset + len(segment) - len(stripped) + 1
        text = stripped.rstrip(_WS)
        return Span(self.number, start, self.number, start + max(len(text), 1))


def _try_parse(segment: str, start: str):
    from lark.exceptions import LarkError

    try:
        return _parser().parse(segment, start=start)
    except LarkError:
        return None


def _unicode_escape(raw: str, i: int) -> tuple[str | None, int]:
    """Decode `\\uXXXX` (and a UTF-16 surrogate pair) at raw[i]; (char, characters used)."""
    def codepoint(at: int) -> tuple[int | None, int]:
        if not raw.startswith("\\u", at):
            return None, 0
        digits = raw[at + 2:at + 6]
        for n, d in enumerate(digits):
            if d not in "0123456789abcdefABCDEF":
                return None, 2 + n
        if len(digits) < 4:
            return None, 2 + len(digits)
        return int(digits, 16), 6

    first, used = codepoint(i)
    if first is None:
        return None, used
    if not 0xD800 <= first <= 0xDFFF:
        return chr(first), 6
    second, used2 = codepoint(i + 6)
    if second is None or not (0xD800 <= first <= 0xDBFF and 0xDC00 <= second <= 0xDFFF):
        return None, 6
    return chr(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)), 12


def _comment_start(content: str) -> int | None:
    """Column of the first `/*` on a line outside strings and before any `//` comment."""
    at = content.find("/*")
    if at < 0:
        return None
    i, n = 0, len(content)
    while i < n:
        c = content[i]
        if c == '"':
            i += 1
            while i < n and content[i] != '"':
                i += 2 if content[i] == "\\" else 1
            i += 1
            continue
        if c == "/" and content.startswith("//", i):
            return None
        if c == "/" and content.startswith("/*", i):
            return i
        i += 1
    return None
