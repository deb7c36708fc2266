""".env front-end: each file read as each reader that matters to the project reads it.

Three readers read a Prisma project's `.env`:

- **Prisma's loader** (`prisma`): the Prisma CLI and Prisma Client up to 6.x load `.env`
  with dotenv 16 and then expand it with the expander Prisma vendors, which replaces only
  `${NAME}`; that is the value `env("NAME")` gets in the schema. Prisma 7 loads no `.env`.
- **dotenv** (`dotenv`): what `import "dotenv/config"` gives a Node app (and Prisma 7's
  `prisma.config.ts`): the same parser, no expansion.
- **python-dotenv** (`python-dotenv`): what prisma-client-py and a Python app read;
  `${NAME}` and `${NAME:-default}` from values defined earlier.

`grammars/dotenv.lark` holds the readers' lexical definitions; this module drives them as
the libraries do (tests/test_env_conformance.py runs the real libraries over the same
files). The project's runtime picks the readers that matter (`runtime` option, else the
nearest package.json means Node, a Python project marker means Python; the Prisma major
version decides whether Prisma's loader is one of them). The first is the project's own
reader: its values are the ones the URL rules check.

`analyse(source, settings)` emits `UrlLiteral(origin="env")` for each URL value, a
`ParseProblem` for a line that no reader of the project reads, and an `EnvWarning` where
the readers read a connection URL differently. Messages never contain values except
through `urlmodel.redact`.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from ..core.diagnostics import Span
from ..facts import EnvWarning, FileFacts, ParseProblem, UrlLiteral

if TYPE_CHECKING:
    from ..config import Settings

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
    from lark.load_grammar import GrammarBuilder

    from ..core.resources import grammar_path

    builder = GrammarBuilder()
    builder.load_grammar(grammar_path("dotenv.lark").read_text(encoding="utf-8"), "dotenv.lark")
    terminals, _, _ = builder.build().compile(["start"], "*")
    return {t.name: re.compile(t.pattern.to_regexp()) for t in terminals}


# ---------------------------------------------------------------------------- the model
class EnvEntry:
    """One assignment as one reader reads it (values unexpanded; None: a bare `KEY`).

    Positions are kept as offsets and turned into spans on first use: most entries of a
    large file never need one."""

    __slots__ = ("key", "quote", "value", "exported", "hash_cut", "_pos", "_offsets")

    def __init__(self, key: str, pos: "_Positions", offsets: tuple[int, int, int, int], quote: str,
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


@dataclass
class DotenvModel:
    runtime: str = NODE
    readers: tuple[str, ...] = (PRISMA, DOTENV)
    bindings: dict[str, list[EnvEntry]] = field(default_factory=dict)
    problems: list[ParseProblem] = field(default_factory=list)
    warnings: list[EnvWarning] = field(default_factory=list)
    skipped: dict[str, list[int]] = field(default_factory=dict)  # reader -> skipped line numbers
    _values: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _last: dict[str, dict[str, EnvEntry]] = field(default_factory=dict, repr=False)

    @property
    def dialect(self) -> str:
        return self.runtime

    @property
    def reader(self) -> str:
        """The project's own reader: the values URL rules check."""
        return self.readers[0]

    @property
    def entries(self) -> list[EnvEntry]:
        return self.bindings.get(self.reader, [])

    def of(self, reader: str | None) -> list[EnvEntry]:
        return self.bindings.get(reader or self.reader, [])

    def _index(self, reader: str | None) -> dict[str, EnvEntry]:
        reader = reader or self.reader
        if reader not in self._last:
            self._last[reader] = {e.key: e for e in self.of(reader)}
        return self._last[reader]

    def entry(self, key: str, reader: str | None = None) -> EnvEntry | None:
        """The assignment that wins: the last one (a bare `KEY` last unsets it in python-dotenv)."""
        found = self._index(reader).get(key)
        return found if found is not None and found.value is not None else None

    def keys(self, reader: str | None = None) -> set[str]:
        return {k for k, e in self._index(reader).items() if e.value is not None}

    def raw_values(self, reader: str | None = None) -> dict[str, str]:
        return {k: e.value for k, e in self._index(reader).items() if e.value is not None}

    def values(self, reader: str | None = None, outer: dict[str, str] | None = None) -> dict[str, str]:
        """Final values as the reader gives them (`outer`: the environment before this file).

        A key Prisma's loader cannot expand (it recurses without end) is left out."""
        reader = reader or self.reader
        if outer is None and reader in self._values:
            return self._values[reader]
        entries = self.of(reader)
        if reader == PRISMA:
            out = expand_prisma(entries, outer or {})
        elif reader == PYDOTENV:
            out = {k: v for k, v in expand_python(entries, outer or {}).items() if v is not None}
        else:
            out = {**(outer or {}), **self.raw_values(reader)} if outer else self.raw_values(reader)
        if outer is None:
            self._values[reader] = out
        return out


# ---------------------------------------------------------------------------- expansion
def _js_replace_first(text: str, pattern: str, replacement: str) -> str:
    """JavaScript's `text.replace(pattern, replacement)` for a string pattern: the first
    occurrence only, with `$$`, `$&`, `` $` `` and `$'` in the replacement."""
    at = text.find(pattern)
    if at < 0:
        return text
    if "$" in replacement:
        before, after = text[:at], text[at + len(pattern):]
        table = {"$": "$", "&": pattern, "`": before, "'": after}
        replacement = _JS_REPLACEMENT.sub(lambda m: table[m.group(1)], replacement)
    return text[:at] + replacement + text[at + len(pattern):]


def _js_key_order(keys: Iterable[str]) -> list[str]:
    """A JavaScript object's key order: array-index keys ascending, then insertion order."""
    keys = list(keys)
    index = sorted((k for k in keys if k[:1].isdigit() and _JS_INDEX_KEY.fullmatch(k) and int(k) < 2 ** 32 - 1),
                   key=int)
    if not index:
        return keys
    first = set(index)
    return index + [k for k in keys if k not in first]


def expand_prisma(entries: list[EnvEntry], environment: dict[str, str] | None = None) -> dict[str, str]:
    """Prisma's vendored dotenv-expand over dotenv's values.

    dotenv.config() has already put the raw values into process.env (without overriding
    what was there), and process.env wins over the file, so every lookup sees the raw
    value: the result of a key depends only on the raw values and is computed once (linear
    in the file). A reference cycle is a stack overflow in Prisma (RangeError); its keys
    are left out here and reported by the caller."""
    parsed: dict[str, str] = {e.key: e.value for e in entries if e.value is not None}
    if not any("${" in v for v in parsed.values()):
        return {k: (environment or {}).get(k, parsed[k]) for k in _js_key_order(parsed)}
    env = dict(environment or {})
    for k, v in parsed.items():
        env.setdefault(k, v)
    done: dict[str, str] = {}
    active: set[str] = set()

    def lookup(key: str) -> str:
        if key in done:
            return done[key]
        if key in active:
            raise LoaderCrash(key)
        active.add(key)
        try:
            result = interpolate(env[key] if key in env else parsed.get(key) or "")
        finally:
            active.discard(key)
        done[key] = result
        return result

    def interpolate(value: str) -> str:
        if "${" not in value:
            return value
        out = value
        for match in _PRISMA_REF.findall(value):
            parts = _PRISMA_REF_PARTS.match(match)
            prefix = parts.group(1)
            if prefix == "\\":
                part = parts.group(0)
                new = part.replace("\\$", "$", 1)
            else:
                part = parts.group(0)[len(prefix):]
                new = lookup(parts.group(2) if parts.group(2) is not None else "undefined")
            out = _js_replace_first(out, part, new)
        return out

    out: dict[str, str] = {}
    for key in _js_key_order(parsed):
        try:
            out[key] = interpolate(env[key])
        except (LoaderCrash, RecursionError):
            # RecursionError: a chain of references deeper than Python's stack; Node's
            # stack is deeper, but a chain this long overflows Prisma's too.
            continue
    return out


def expand_python(entries: list[EnvEntry], environment: dict[str, str] | None = None) -> dict[str, str | None]:
    """python-dotenv's resolve_variables (dotenv_values: the file's values win): each value
    sees the values defined before it; a bare KEY (None) expands to ""."""
    variable = _terminals()["PY_VARIABLE"]
    env: dict[str, str | None] = dict(environment or {})
    out: dict[str, str | None] = {}

    def sub(m: re.Match) -> str:
        default = m.group("default") if m.group("default") is not None else ""
        got = env.get(m.group("name"), default)
        return got if got is not None else ""

    for e in entries:
        result = None if e.value is None else (variable.sub(sub, e.value) if "${" in e.value else e.value)
        out[e.key] = result
        env[e.key] = result
    return out


# ---------------------------------------------------------------------------- positions
class _Positions:
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


# ---------------------------------------------------------------------------- dotenv (npm)
def _read_dotenv(text: str, pos: _Positions) -> tuple[list[EnvEntry], list[int]]:
    """dotenv's parse(): the entries in order (the last one wins), and the lines it skips
    (not blank, not a comment, touched by no match of LINE).

    `text` is the file with \r\n and \r replaced by \n, as dotenv does first; the
    replacement keeps every line and column."""
    terms = _terminals()
    line_re, unquote = terms["LINE"], terms["UNQUOTE"]
    entries: list[EnvEntry] = []
    skipped: list[int] = []
    prev = 0
    spaces = _JS_SPACE
    n = len(text)

    def gap(a: int, b: int) -> None:
        if not text[a:b].strip(spaces):
            return
        first = pos.line_of(a) + (1 if a > 0 else 0)   # line_of(a): the previous match's last line
        for number in range(first, pos.line_of(max(a, b - 1)) + 1):
            line = text[pos.starts[number - 1]:pos.starts[number] - 1 if number < len(pos.starts) else n]
            if _COMMENT_OR_BLANK.fullmatch(line) is None:
                skipped.append(number)

    for m in line_re.finditer(text):
        s0, e0 = m.span()
        if s0 > prev:
            gap(prev, s0)
        prev = e0
        ks, ke = m.span("key")
        raw = m.group("value")
        if raw is None:
            value, start, after = "", ke, -1
        else:
            start, after = m.span("value")
            value = raw
            if raw[:1] in spaces or raw[-1:] in spaces:
                value = raw.strip(spaces)
                start += len(raw) - len(raw.lstrip(spaces))
        quote = value[:1]
        q = ""
        unquoted = value
        if quote in ("'", '"', "`") and len(value) >= 2:
            if "\n" not in value and "\u2028" not in value and "\u2029" not in value:
                if value[-1] == quote:
                    unquoted, q = value[1:-1], quote
            else:
                unquoted = unquote.sub(r"\2", value)
                if len(unquoted) == len(value) - 2 and value[0] == value[-1] and unquoted != value:
                    q = quote
        inner_start, inner_end = (start + 1, start + len(value) - 1) if q else (start, start + len(value))
        if quote == '"' and "\\" in unquoted:
            unquoted = unquoted.replace("\\n", "\n").replace("\\r", "\r")
        exported = ks > s0 and "export" in text[s0:ks]
        cut = None
        if not q and 0 < after < n and text[after] == "#" and text[after - 1] not in spaces:
            cut = unquoted + re.match(r"[^\s]*", text[after:after + 4096]).group(0)
        entries.append(EnvEntry(m.group("key"), pos, (ks, ke, inner_start, inner_end), q, unquoted, exported, cut))
    if prev < n:
        gap(prev, n)
    return entries, skipped


# ---------------------------------------------------------------------------- python-dotenv
class _PyError(Exception):
    pass


def _read_python(text: str, pos: _Positions) -> tuple[list[EnvEntry], list[tuple[int, int]]]:
    """python-dotenv's parse_stream(): entries in order, and the ranges of statements it
    could not parse (it warns and skips them)."""
    t = _terminals()
    ws_any, ws, export, sq_key, key_re = t["PY_MULTILINE_WS"], t["PY_WS"], t["PY_EXPORT"], t["PY_SQ_KEY"], t["PY_KEY"]
    equals, sq_value, dq_value, unquoted = t["PY_EQUALS"], t["PY_SQ_VALUE"], t["PY_DQ_VALUE"], t["PY_UNQUOTED"]
    comment, eol, rest = t["PY_COMMENT"], t["PY_EOL"], t["PY_REST"]
    dq_escape, sq_escape, fast = t["PY_DQ_ESCAPE"], t["PY_SQ_ESCAPE"], t["PY_FAST"]
    comment_in_value = re.compile(r"\s+#")
    entries: list[EnvEntry] = []
    errors: list[tuple[int, int]] = []
    n = len(text)
    i = 1 if text.startswith("\ufeff") else 0  # python-dotenv drops a leading BOM

    def read(regex: re.Pattern) -> re.Match:
        nonlocal i
        m = regex.match(text, i)
        if m is None:
            raise _PyError
        i = m.end()
        return m

    while i < n:
        mark = i
        m = fast.match(text, i)
        if m is not None:
            i = m.end()
            if m.group(3) is not None:
                if m.group(5) is not None:
                    body = m.group(5)
                    value = dq_escape.sub(lambda e: codecs.decode(e.group(0), "unicode-escape"), body) \
                        if "\\" in body else body
                    quote, vstart, vend = '"', m.start(5), m.end(5)
                elif m.group(6) is not None:
                    body = m.group(6)
                    value = sq_escape.sub(lambda e: e.group(0)[1], body) if "\\" in body else body
                    quote, vstart, vend = "'", m.start(6), m.end(6)
                else:
                    part = m.group(7)
                    if m.group(4) and part.startswith("#"):
                        value = ""
                    else:
                        cut = comment_in_value.search(part)
                        value = (part[:cut.start()] if cut else part).rstrip()
                    quote, vstart = "", m.start(7)
                    vend = vstart + len(value)
                entries.append(EnvEntry(m.group(3), pos, (m.start(3), m.end(3), vstart, vend), quote, value,
                                        bool(m.group(1))))
            continue
        try:
            read(ws_any)
            if i >= n:
                break
            exported = bool(read(export).group(0))
            if text.startswith("#", i):
                key = None
                key_at = (0, 0)
            else:
                km = read(sq_key if text.startswith("'", i) else key_re)
                key, key_at = km.group(1), (km.start(1), km.end(1))
            read(ws)
            value: str | None = None
            quote = ""
            vstart = vend = i
            if text.startswith("=", i):
                eq = read(equals)
                vstart = vend = i
                if len(eq.group(1)) > 1 and text.startswith("#", i):
                    value = ""
                else:
                    c = text[i:i + 1]
                    if c == "'":
                        vm = read(sq_value)
                        value, quote = sq_escape.sub(lambda m: m.group(0)[1], vm.group(1)), "'"
                        vstart, vend = vm.start(1), vm.end(1)
                    elif c == '"':
                        vm = read(dq_value)
                        body = vm.group(1)
                        value = dq_escape.sub(lambda m: codecs.decode(m.group(0), "unicode-escape"), body) \
                            if "\\" in body else body
                        quote, vstart, vend = '"', vm.start(1), vm.end(1)
                    elif c in ("", "\n", "\r"):
                        value = ""
                    else:
                        vm = read(unquoted)
                        part = vm.group(1)
                        cut = comment_in_value.search(part)
                        value = (part[:cut.start()] if cut else part).rstrip()
                        vstart, vend = vm.start(1), vm.start(1) + len(value)
            read(comment)
            read(eol)
            if key is not None:
                entries.append(EnvEntry(key, pos, (*key_at, vstart, vend), quote, value, exported))
        except _PyError:
            read(rest)
            errors.append((mark, i))
    return entries, errors


# ---------------------------------------------------------------------------- the builder
_COMMENT_OR_BLANK = re.compile(r"[\s\ufeff]*(?:#.*)?")


class _Builder:
    def __init__(self, text: str, runtime: str, readers: tuple[str, ...]):
        self.text = text
        self.lines = re.split(r"\r\n|\r|\n", text)
        self.model = DotenvModel(runtime=runtime, readers=readers)

    def run(self) -> DotenvModel:
        model = self.model
        # dotenv replaces \r\n and \r by \n first; python-dotenv opens the file in text
        # mode (universal newlines): both read the same normalised text.
        norm = self.text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in self.text else self.text
        pos = _Positions(norm)
        if any(r in (PRISMA, DOTENV) for r in model.readers):
            js_entries, skipped = _read_dotenv(norm, pos)
            model.skipped[DOTENV] = model.skipped[PRISMA] = skipped
            for reader in (PRISMA, DOTENV):
                if reader in model.readers:
                    model.bindings[reader] = js_entries
        if PYDOTENV in model.readers:
            py_entries, errors = _read_python(norm, pos)
            model.bindings[PYDOTENV] = py_entries
            lines: list[int] = []
            for start, end in errors:
                first, last = pos.line_of(start), pos.line_of(max(start, end - 1))
                lines.extend(range(first, last + 1))
            model.skipped[PYDOTENV] = [n for n in dict.fromkeys(lines) if not self._blank(n)]
        self._problems()
        self._crashes()
        self._hash_cuts()
        self._disagreements()
        return model

    def _blank(self, number: int) -> bool:
        text = self.lines[number - 1] if 0 < number <= len(self.lines) else ""
        return _COMMENT_OR_BLANK.fullmatch(text) is not None

    def _problems(self) -> None:
        model = self.model
        skipped_by = {r: set(model.skipped.get(r, ())) for r in model.readers}
        everyone = set.intersection(*skipped_by.values()) if skipped_by else set()
        labels = [READER_NAMES[r] for r in (DOTENV, PRISMA, PYDOTENV) if r in model.readers]
        names = " and ".join(labels)
        verb = "skips" if len(labels) == 1 else "skip"
        for number in sorted(everyone):
            text = self.lines[number - 1]
            col = len(text) - len(text.lstrip()) + 1
            model.problems.append(ParseProblem(
                Span(number, col, number, max(len(text.rstrip()) + 1, col + 1)),
                f"this line is not a KEY=value assignment (or its quote is not closed); {names} {verb} it"))

    def _crashes(self) -> None:
        if PRISMA not in self.model.readers:
            return
        entries = self.model.bindings[PRISMA]
        if not any(e.value and "${" in e.value for e in entries):
            return
        expanded = self.model.values(PRISMA)
        for e in reversed(entries):
            if e.value is not None and e.key not in expanded:
                self.model.warnings.append(EnvWarning(
                    e.span, e.key,
                    f"{e.key} refers to itself through ${{...}}: Prisma's .env loader recurses "
                    f"without end and the Prisma CLI stops with 'Maximum call stack size exceeded'",
                    True))
                return  # one report: the first crash stops the loader

    def _hash_cuts(self) -> None:
        """dotenv ends an unquoted value at `#` even inside a URL (a password with `#`)."""
        reader = self.model.reader
        if reader not in (PRISMA, DOTENV):
            return
        for e in self.model.bindings[reader]:
            if e.hash_cut and _looks_like_url(e.hash_cut) and self.model.entry(e.key) is e:
                self.model.warnings.append(EnvWarning(
                    e.span, e.key,
                    f"{e.key}: dotenv ends an unquoted value at `#`, so {READER_NAMES[reader]} reads "
                    f"only the text before the `#` of {redact_url(e.hash_cut)!r}; quote the value (and "
                    f"percent-encode `#` in a password as %23)", True))

    def _disagreements(self) -> None:
        """One warning per URL key that the project's readers read differently."""
        model = self.model
        if len(model.readers) < 2:
            return
        redact = redact_url
        finals = {r: model.values(r) for r in model.readers}
        first, others = finals[model.readers[0]], [finals[r] for r in model.readers[1:]]
        keys = dict.fromkeys(k for r in model.readers for k in finals[r])
        for key in keys:
            mine = first.get(key)
            if all(other.get(key) == mine for other in others):
                continue
            seen = {r: finals[r].get(key) for r in model.readers}
            if len(set(seen.values())) < 2 or not any(_looks_like_url(v) for v in seen.values()):
                continue
            anchor = next((model.entry(key, r) for r in model.readers if model.entry(key, r) is not None))
            parts = []
            for r in model.readers:
                v = seen[r]
                parts.append(f"{READER_NAMES[r]} reads {redact(v)!r}" if v is not None
                             else f"{READER_NAMES[r]} does not define it")
            model.warnings.append(EnvWarning(
                anchor.span, key,
                f"{key} is read differently: " + "; ".join(parts) +
                "; write the value so that every reader agrees (quote it, use ${VAR} only where all expand it)",
                True))


_CUT_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^/:@\s]*:)[^@]*$")


def redact_url(value: str | None) -> str:
    """urlmodel.redact, and also a URL cut before its `@` (`postgresql://u:secret`, read up to
    a `#`): whatever follows `user:` may be a password."""
    from ..urlmodel import redact
    out = redact(value or "")
    return _CUT_PASSWORD.sub(lambda m: m.group(1) + "***", out)


def _looks_like_url(value: str | None) -> bool:
    if not value or (":" not in value):
        return False
    from ..urlmodel import looks_like_connection_url
    return looks_like_connection_url(value)


def readers_for(runtime: str, prisma_major: int | None = None, app_dotenv: bool = True) -> tuple[str, ...]:
    """The readers of a project's .env, its own first. `app_dotenv`: the Node app loads
    .env itself with plain dotenv (a `dotenv` dependency, no `dotenv-expand`), so its
    process.env holds dotenv's unexpanded values before Prisma's loader runs."""
    if runtime == PYTHON:
        return (PYDOTENV, PRISMA)   # prisma-client-py reads python-dotenv; its CLI is Prisma's
    if prisma_major is not None and prisma_major >= 7:
        return (DOTENV,)            # Prisma 7 loads no .env: prisma.config.ts imports dotenv
    return (PRISMA, DOTENV) if app_dotenv else (PRISMA,)


def app_loads_dotenv(path) -> bool:
    """The nearest package.json depends on dotenv and not on dotenv-expand."""
    from pathlib import Path

    from ..project.packages import nearest, read_json
    pkg = nearest(Path(path), ("package.json",))
    if pkg is None:
        return False
    data = read_json(pkg)
    deps: set[str] = set()
    for section in ("dependencies", "devDependencies"):
        if isinstance(data.get(section), dict):
            deps |= set(data[section])
    return "dotenv" in deps and "dotenv-expand" not in deps


def parse(text: str, dialect: str = NODE, readers: tuple[str, ...] | None = None) -> DotenvModel:
    """Parse an env file's text (BOM already stripped) for a `dialect` ("node"/"python") project."""
    return _Builder(text, dialect, readers or readers_for(dialect)).run()


def dialect_for(path, settings: "Settings | None") -> str:
    runtime = settings.option("runtime") if settings is not None else "auto"
    if runtime == "python":
        return PYTHON
    if runtime in ("node", "edge", "workers"):
        return NODE
    from ..project.packages import detect_runtime
    return PYTHON if detect_runtime(path) == "python" else NODE


def _prisma_major(path, settings: "Settings | None") -> int | None:
    from ..project.packages import prisma_version
    try:
        return prisma_version(path, settings).major
    except OSError:  # pragma: no cover - an unreadable folder: assume Prisma <= 6
        return None


def analyse(source, settings: "Settings | None" = None) -> FileFacts:
    dialect = dialect_for(source.path, settings)
    if dialect == NODE:
        readers = readers_for(dialect, _prisma_major(source.path, settings), app_loads_dotenv(source.path))
    else:
        readers = readers_for(dialect)
    model = parse(source.text, dialect, readers)
    facts = FileFacts(path=source.path, language="dotenv")
    for problem in model.problems:
        facts.add(problem)
    expanded = model.values()
    for key in sorted(model.keys(), key=lambda k: model.entry(k).key_span):  # type: ignore[union-attr]
        entry = model.entry(key)
        value = expanded.get(key)
        if entry is None or not value or not _looks_like_url(value):
            continue
        facts.add(UrlLiteral(entry.span, value, origin="env", role=key, env_var=key))
    for warning in model.warnings:
        facts.add(warning)
    facts.models["dotenv"] = model
    return facts
