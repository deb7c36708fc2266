"""What a TS/JS program's bytes must hold for each pass of the analyser (`analyser.run`)
to find anything, read before the parse: the analyser skips a pass whose gate is closed,
and the cheap path (light.py) takes a program whose gates are all closed."""

from __future__ import annotations

import re
from typing import NamedTuple

from ...urlmodel.schemes import _SERVER_URL as SERVER_URL  # the one list of URL schemes
from ..ts_model import GLOBAL_OBJECTS, QUERY_METHODS, RAW_METHODS


# What each pass of `analyser.run` needs in the bytes to find anything: a pass whose
# pattern does not occur is skipped (most files that reach the parse only import the
# client and query it, and yield nothing but their imports; the passes would visit every
# call, member expression and string for nothing). Each pattern is a necessary condition
# of the pass's facts, as the pass reads them from the tree: a client class is the name
# `PrismaClient` or `Pool` or comes from `@prisma/adapter-*`; lifecycle and transaction
# methods are spelled out (a project's transaction wrapper has a name that says transaction
# or tx: `_WRAPPER_PATTERN`), and a fan-out is `Promise.all` (`Promise?.all`,
# `Promise["all"]`, spaces and line breaks between); a global object is the name
# `globalThis`, `global`, `window` or `self`, or a name bound to one; NestJS modules and
# providers are decorated with `Module(...)` / `Injectable(...)`; a connection URL
# literal starts with a scheme `looks_like_connection_url` accepts; a query appended to
# an environment read (`env`, `getEnv`) starts a literal (`"?`, `` `& ``), follows a
# substitution (`}?`) or goes through `searchParams`.
_CLASS_WORDS = (b"PrismaClient", b"Pool")
# A wrapper's callee or one of its segments matches vocabulary.clients.JS_TRANSACTION_WRAPPER,
# `(?i)transaction|(?:^|with|run|exec|in|start|begin)tx$`, in the bytes: `transaction` in any
# case (with the two non-ASCII letters that str patterns fold to its `s` and `i`: ſ, İ/ı),
# or `tx` ending an identifier, at its start or after one of those prefixes
# (`withTX(`, `RUN_IN_TRANSACTION(`, `withTx<T>(`, `tx.run(`).
_WRAPPER_PATTERN = (rb"(?i:tran(?:s|\xc5\xbf)act(?:i|\xc4[\xb0\xb1])on)"
                    rb"|(?i:(?<![\w$])tx|(?:with|run|exec|in|start|begin)tx)(?![\w$])")
_CALL_PATTERN = re.compile(rb"\$(?:connect|disconnect|use|on|transaction)\b|" + _WRAPPER_PATTERN)
# `_CALL_PATTERN.search(data) is not None`, computed without its case-insensitive branches,
# which Python's engine tries at every position of the file (a third of the TS front-end's
# regex time on trigger.dev): bytes patterns fold ASCII letters only, so those branches
# match in `data` exactly where their lower-case spelling matches in `data.lower()`, and
# the `tx` branch is the occurrences of `tx` followed by no identifier byte and preceded
# by none or by one of the prefixes (`has_call`; tests/test_ts_light.py compares them).
_METHOD_PATTERN = re.compile(rb"\$(?:connect|disconnect|use|on|transaction)\b")
_TRANSACTION_PATTERN = re.compile(rb"tran(?:s|\xc5\xbf)act(?:i|\xc4[\xb0\xb1])on")
_TX_PREFIXES = (b"with", b"run", b"exec", b"in", b"start", b"begin")
_FAN_OUT_PATTERN = re.compile(rb"Promise\s*(?:\??\.\s*|\[\s*[\"'`])all")
_GLOBAL_WORDS = tuple(name.encode() for name in sorted(GLOBAL_OBJECTS))
_NEST_WORDS = (b"Module", b"Injectable")
_URL_PATTERN = re.compile(SERVER_URL.pattern.lstrip("^").encode(), re.IGNORECASE)
_APPENDED_PATTERN = re.compile(rb"[\"'`}][?&]")
# A fan-out (`queries.parallel`) is `Promise.all(xs.map(fn))` with a query call in `fn`: the
# property `map` and a query method's name (the last segment of a member chain, as
# identifier or string) are whole words of the bytes.
_MAP_WORDS = (b"map",)
_QUERY_WORDS = tuple(sorted(name.encode() for name in QUERY_METHODS | RAW_METHODS))
# The bytes of a JS identifier (ASCII): every whole-word scan of the TS front-end reads it.
IDENTIFIER_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


def word_occurrences(data: bytes, word: bytes, start: int = 0):
    """The offsets of `word`'s whole-identifier occurrences in `data` from `start` on (no
    identifier byte touches either end; bytes.find: a regular expression with word
    boundaries tries every position in Python's engine, 50x slower). `word` is made of
    identifier bytes, so no two occurrences overlap."""
    n, size = len(word), len(data)
    i = data.find(word, start)
    while i >= 0:
        end = i + n
        if (i == 0 or data[i - 1] not in IDENTIFIER_BYTES) and \
                (end == size or data[end] not in IDENTIFIER_BYTES):
            yield i
        i = data.find(word, i + 1)


def has_word(data: bytes, words) -> bool:
    """One of `words` occurs as a whole identifier."""
    return any(next(word_occurrences(data, word), None) is not None for word in words)


def starts_word(data: bytes, prefixes) -> bool:
    """One of `prefixes` occurs at the start of an identifier (`onRequest` in
    `onRequestGet`, not in `OrganisationRequest`)."""
    for prefix in prefixes:
        i = data.find(prefix)
        while i >= 0:
            if i == 0 or data[i - 1] not in IDENTIFIER_BYTES:
                return True
            i = data.find(prefix, i + 1)
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


def has_call(data: bytes) -> bool:
    """`_CALL_PATTERN.search(data) is not None` (see `_METHOD_PATTERN`)."""
    if b"$" in data and _METHOD_PATTERN.search(data) is not None:
        return True
    return next(wrapper_spans(data.lower()), None) is not None


def wrapper_spans(low: bytes):
    """The (start, end) offsets in `low` (the lowercased bytes) of what may spell a project
    transaction wrapper (vocabulary.clients.JS_TRANSACTION_WRAPPER): every `transaction`,
    then every `tx` ending a word that it starts or that a wrapper verb (`withTx`,
    `runTx`, ...) starts. has_call asks for the first; targets.wrapper_tokens for all."""
    if b"tran" in low:
        for m in _TRANSACTION_PATTERN.finditer(low):
            yield m.span()
    i = low.find(b"tx")
    while i >= 0:
        end = i + 2
        if (end == len(low) or low[end] not in IDENTIFIER_BYTES) and \
                (i == 0 or low[i - 1] not in IDENTIFIER_BYTES or low.endswith(_TX_PREFIXES, 0, i)):
            yield i, end
        i = low.find(b"tx", i + 1)


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
        calls=has_call(data) or
        b"Promise" in data and _FAN_OUT_PATTERN.search(data) is not None,
        globals=has_word(data, _GLOBAL_WORDS),
        nest=has_word(data, _NEST_WORDS),
        literals=_has_url(data),
        appended=(b"env" in data or b"Env" in data) and (
            _APPENDED_PATTERN.search(data) is not None or b"searchParams" in data))


def file_gates(data: bytes) -> Gates:
    """The gates of a file that is one program (not the script blocks of a .vue/.svelte/
    .astro/.md file): `gates`, with the global-cache pass closed when the classes gate is.
    A `GlobalCacheAccess` is read only by PC102, and only beside a `ClientConstruction` of
    the same file (`_global_cache_state(facts)` of a file that constructs a client), which
    needs the classes gate; in a file that cannot construct a client, `window.location`
    and `self.postMessage` are facts no rule reads (tests/test_ts_light.py lists the
    readers). A file with script blocks shares its facts between blocks, so the blocks
    keep `gates`."""
    g = gates(data)
    return g if g.classes or not g.globals else g._replace(globals=False)


def finds_nothing(g: Gates, data: bytes) -> bool:
    """No pass of `run(tf, g)` can add a fact to this program: every gate is closed, or
    the calls gate is open only by a `Promise.all` that the fan-out pass cannot match (no
    lifecycle or transaction method, and no `map` or no query method named). The calls
    gate itself stays open on the full path: the client-like names it collects are also
    the linker's, when it asks for this file's symbols."""
    if g.classes or g.globals or g.nest or g.literals or g.appended:
        return False
    return not g.calls or not has_call(data) and not fan_out_possible(data)


def fan_out_possible(data: bytes) -> bool:
    """The fan-out pass (`queries.parallel`) may match: `map` and a query method's name
    are whole words."""
    return has_word(data, _MAP_WORDS) and has_word(data, _QUERY_WORDS)
