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
through `urls.redact`.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from ..diagnostics import Span
from ..facts import FileFacts, ParseProblem, UrlLiteral

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

    from ..resources import grammar_path

    builder = GrammarBuilder()
    builder.load_grammar(grammar_path("dotenv.lark").read_text(encoding="utf-8"), "dotenv.lark")
    terminals, _, _ = builder.build().compile(["start"], "*")
    return {t.name: re.compile(t.pattern.to_regexp()) for t in terminals}


# ---------------------------------------------------------------------------- the model
@dataclass(frozen=True)
class EnvEntry:
    """One assignment as one reader reads it (values unexpanded; None: a bare `KEY`)."""

    key: str
    key_span: Span
    span: Span                 # the value (no quotes)
    quote: str                 # "", "'", '"' or "`"
    value: str | None
    exported: bool = False
    hash_cut: str | None = None  # dotenv: the unquoted value went on past a `#` it cut at


@dataclass(frozen=True)
class EnvWarning:
    span: Span
    key: str
    message: str
    url_related: bool = False  # the value is (or would be) a connection URL


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
    index = sorted((k for k in keys if _JS_INDEX_KEY.fullmatch(k) and int(k) < 2 ** 32 - 1), key=int)
    return index + [k for k in keys if k not in set(index)]


def expand_prisma(entries: list[EnvEntry], environment: dict[str, str] | None = None) -> dict[str, str]:
    """Prisma's vendored dotenv-expand over dotenv's values.

    dotenv.config() has already put the raw values into process.env (without overriding
    what was there), and process.env wins over the file, so every lookup sees the raw
    value: the result of a key depends only on the raw values and is computed once (linear
    in the file). A reference cycle is a stack overflow in Prisma (RangeError); its keys
    are left out here and reported by the caller."""
    parsed: dict[str, str] = {}
    for e in entries:
        if e.value is not None:
            parsed[e.key] = e.value
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
    """Offsets to (line, column) for a text whose lines end at \\n, \\r\\n or \\r."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        a, b = self.at(start), self.at(end)
        return Span(a[0], a[1], b[0], b[1])

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


# ---------------------------------------------------------------------------- dotenv (npm)
def _read_dotenv(text: str) -> tuple[list[EnvEntry], list[tuple[int, int]]]:
    """dotenv's parse(): the entries in order (the last one wins) and the covered ranges.

    `text` is the file with \\r\\n and \\r replaced by \\n, as dotenv does first; the
    replacement keeps every line and column."""
    terms = _terminals()
    line_re, unquote = terms["LINE"], terms["UNQUOTE"]
    pos = _Positions(text)
    entries: list[EnvEntry] = []
    covered: list[tuple[int, int]] = []
    for m in line_re.finditer(text):
        covered.append(m.span())
        raw = m.group("value") or ""
        start = m.start("value") if m.group("value") is not None else m.end("key")
        value = raw.strip(_JS_SPACE)
        start += len(raw) - len(raw.lstrip(_JS_SPACE))
        quote = value[:1]
        unquoted = unquote.sub(r"\2", value)
        if unquoted != value and len(unquoted) == len(value) - 2 and value[0] == value[-1]:
            inner_start, inner_end = start + 1, start + len(value) - 1
            q = quote
        else:
            inner_start, inner_end = start, start + len(value)
            q = ""
        if quote == '"':
            unquoted = unquoted.replace("\\n", "\n").replace("\\r", "\r")
        exported = text[m.start():m.start("key")].strip(_JS_SPACE).startswith("export")
        cut = None
        after = m.end("value") if m.group("value") is not None else -1
        if not q and 0 <= after < len(text) and text[after] == "#" and after > 0 and text[after - 1] not in _JS_SPACE:
            cut = unquoted + re.match(r"[^\s]*", text[after:]).group(0)
        entries.append(EnvEntry(m.group("key"), pos.span(m.start("key"), m.end("key")),
                                pos.span(inner_start, inner_end), q, unquoted, exported, cut))
    return entries, covered


# ---------------------------------------------------------------------------- python-dotenv
class _PyError(Exception):
    pass


def _read_python(text: str) -> tuple[list[EnvEntry], list[tuple[int, int]]]:
    """python-dotenv's parse_stream(): entries in order, and the ranges of statements it
    could not parse (it warns and skips them)."""
    t = _terminals()
    ws_any, ws, export, sq_key, key_re = t["PY_MULTILINE_WS"], t["PY_WS"], t["PY_EXPORT"], t["PY_SQ_KEY"], t["PY_KEY"]
    equals, sq_value, dq_value, unquoted = t["PY_EQUALS"], t["PY_SQ_VALUE"], t["PY_DQ_VALUE"], t["PY_UNQUOTED"]
    comment, eol, rest = t["PY_COMMENT"], t["PY_EOL"], t["PY_REST"]
    dq_escape, sq_escape = t["PY_DQ_ESCAPE"], t["PY_SQ_ESCAPE"]
    pos = _Positions(text)
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
        try:
            read(ws_any)
            if i >= n:
                break
            exported = bool(read(export).group(0))
            if text.startswith("#", i):
                key = None
                key_span = None
            else:
                km = read(sq_key if text.startswith("'", i) else key_re)
                key, key_span = km.group(1), pos.span(km.start(1), km.end(1))
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
                        cut = re.search(r"\s+#", part)
                        value = (part[:cut.start()] if cut else part).rstrip()
                        vstart, vend = vm.start(1), vm.start(1) + len(value)
            read(comment)
            read(eol)
            if key is not None:
                entries.append(EnvEntry(key, key_span, pos.span(vstart, vend), quote, value, exported))
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
        needs_js = any(r in (PRISMA, DOTENV) for r in model.readers)
        if needs_js:
            js_text = self.text.replace("\r\n", "\n").replace("\r", "\n")
            js_entries, covered = _read_dotenv(js_text)
            model.skipped[DOTENV] = model.skipped[PRISMA] = self._uncovered(covered)
            for reader in (PRISMA, DOTENV):
                if reader in model.readers:
                    model.bindings[reader] = js_entries
        if PYDOTENV in model.readers:
            # python-dotenv opens the file in text mode: universal newlines, like dotenv's.
            py_text = self.text.replace("\r\n", "\n").replace("\r", "\n")
            py_entries, errors = _read_python(py_text)
            model.bindings[PYDOTENV] = py_entries
            pos = _Positions(py_text)
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

    def _uncovered(self, covered: list[tuple[int, int]]) -> list[int]:
        """Lines dotenv skips: not blank, not a comment, and not part of any LINE match."""
        pos = _Positions(self.text.replace("\r\n", "\n").replace("\r", "\n"))
        touched: set[int] = set()
        for start, end in covered:
            first, last = pos.line_of(start), pos.line_of(max(start, end - 1))
            # A match may begin with the blank lines before its key; they are not "read".
            touched.update(range(first, last + 1))
        return [n for n in range(1, len(self.lines) + 1) if n not in touched and not self._blank(n)]

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
        keys = dict.fromkeys(k for r in model.readers for k in finals[r])
        for key in keys:
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
    """urls.redact, and also a URL cut before its `@` (`postgresql://u:secret`, read up to
    a `#`): whatever follows `user:` may be a password."""
    from ..urls import redact
    out = redact(value or "")
    return _CUT_PASSWORD.sub(lambda m: m.group(1) + "***", out)


def _looks_like_url(value: str | None) -> bool:
    if not value:
        return False
    from ..urls import looks_like_connection_url
    return looks_like_connection_url(value)


def readers_for(runtime: str, prisma_major: int | None = None) -> tuple[str, ...]:
    """The readers of a project's .env, its own first."""
    if runtime == PYTHON:
        return (PYDOTENV, PRISMA)   # prisma-client-py reads python-dotenv; its CLI is Prisma's
    if prisma_major is not None and prisma_major >= 7:
        return (DOTENV,)            # Prisma 7 loads no .env: prisma.config.ts imports dotenv
    return (PRISMA, DOTENV)


def parse(text: str, dialect: str = NODE, readers: tuple[str, ...] | None = None) -> DotenvModel:
    """Parse an env file's text (BOM already stripped) for a `dialect` ("node"/"python") project."""
    return _Builder(text, dialect, readers or readers_for(dialect)).run()


def dialect_for(path, settings: "Settings | None") -> str:
    runtime = settings.option("runtime") if settings is not None else "auto"
    if runtime == "python":
        return PYTHON
    if runtime in ("node", "edge", "workers"):
        return NODE
    from ..envresolve import detect_runtime
    return PYTHON if detect_runtime(path) == "python" else NODE


def _prisma_major(path, settings: "Settings | None") -> int | None:
    from ..envresolve import prisma_version
    try:
        return prisma_version(path, settings).major
    except OSError:  # pragma: no cover - an unreadable folder: assume Prisma <= 6
        return None


def analyse(source, settings: "Settings | None" = None) -> FileFacts:
    dialect = dialect_for(source.path, settings)
    readers = readers_for(dialect, _prisma_major(source.path, settings) if dialect == NODE else None)
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
    facts.models["dotenv"] = model
    return facts
