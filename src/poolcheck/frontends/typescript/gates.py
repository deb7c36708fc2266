"""What a TS/JS program's bytes must hold for each pass of the analyser (`analyser.run`)
to find anything, read before the parse: the analyser skips a pass whose gate is closed,
and the cheap path (light.py) takes a program whose gates are all closed."""

from __future__ import annotations

import re
from typing import NamedTuple

from ...urlmodel.schemes import _SERVER_URL as SERVER_URL  # the one list of URL schemes
from ..ts_model import GLOBAL_OBJECTS


# What each pass of `analyser.run` needs in the bytes to find anything: a pass whose
# pattern does not occur is skipped (most files that reach the parse only import the
# client and query it, and yield nothing but their imports; the passes would visit every
# call, member expression and string for nothing). Each pattern is a necessary condition
# of the pass's facts, as the pass reads them from the tree: a client class is the name
# `PrismaClient` or `Pool` or comes from `@prisma/adapter-*`; lifecycle and transaction
# methods are spelled out (a project's transaction wrapper says transaction or tx), and a fan-out is `Promise.all` (`Promise?.all`,
# `Promise["all"]`, spaces and line breaks between); a global object is the name
# `globalThis`, `global`, `window` or `self`, or a name bound to one; NestJS modules and
# providers are decorated with `Module(...)` / `Injectable(...)`; a connection URL
# literal starts with a scheme `looks_like_connection_url` accepts; a query appended to
# an environment read (`env`, `getEnv`) starts a literal (`"?`, `` `& ``), follows a
# substitution (`}?`) or goes through `searchParams`.
_CLASS_WORDS = (b"PrismaClient", b"Pool")
_CALL_PATTERN = re.compile(rb"\$(?:connect|disconnect|use|on|transaction)\b|[Tt]ransaction|[Tt]x\s*\(")
_FAN_OUT_PATTERN = re.compile(rb"Promise\s*(?:\??\.\s*|\[\s*[\"'`])all")
_GLOBAL_WORDS = tuple(name.encode() for name in sorted(GLOBAL_OBJECTS))
_NEST_WORDS = (b"Module", b"Injectable")
_URL_PATTERN = re.compile(SERVER_URL.pattern.lstrip("^").encode(), re.IGNORECASE)
_APPENDED_PATTERN = re.compile(rb"[\"'`}][?&]")
_IDENTIFIER_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


def has_word(data: bytes, words) -> bool:
    """One of `words` occurs as a whole identifier (bytes.find: a regular expression with
    word boundaries tries every position in Python's engine, 50x slower)."""
    for word in words:
        i = data.find(word)
        while i >= 0:
            end = i + len(word)
            if (i == 0 or data[i - 1] not in _IDENTIFIER_BYTES) and \
                    (end == len(data) or data[end] not in _IDENTIFIER_BYTES):
                return True
            i = data.find(word, i + 1)
    return False


_SCHEME_WINDOW = 64  # longer than any scheme _URL_PATTERN matches (prisma+postgres: 15)


def _has_url(data: bytes) -> bool:
    """`_URL_PATTERN.search(data)`, searched only before each `://` (every match ends with
    one): a case-insensitive search over the whole file tries every position."""
    i = data.find(b"://")
    while i >= 0:
        if _URL_PATTERN.search(data, max(0, i - _SCHEME_WINDOW), i + 3) is not None:
            return True
        i = data.find(b"://", i + 3)
    return False


class Gates(NamedTuple):
    """Which passes of `run` a program's bytes allow (the patterns above)."""

    classes: bool
    calls: bool
    globals: bool
    nest: bool
    literals: bool
    appended: bool


def gates(data: bytes) -> Gates:
    """The gates of one program, from its bytes."""
    return Gates(
        classes=has_word(data, _CLASS_WORDS) or b"@prisma/adapter-" in data,
        calls=_CALL_PATTERN.search(data) is not None or
        b"Promise" in data and _FAN_OUT_PATTERN.search(data) is not None,
        globals=has_word(data, _GLOBAL_WORDS),
        nest=has_word(data, _NEST_WORDS),
        literals=_has_url(data),
        appended=(b"env" in data or b"Env" in data) and (
            _APPENDED_PATTERN.search(data) is not None or b"searchParams" in data))
