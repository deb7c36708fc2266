""".env front-end: `grammars/dotenv.lark` plus the two dialects that read such files.

JS dotenv (with dotenv-expand, as Prisma loads .env) and python-dotenv mostly agree; where
they do not (an unquoted `#` with no space before it, backticks, escapes, `$VAR` without
braces, keys dotenv cannot read) we compute both values, use the project's runtime
(option `runtime`, else: the nearest package.json means Node, the nearest
pyproject.toml/requirements.txt/setup.py/Pipfile means Python) and record a warning.

`analyse(source, settings)` emits `UrlLiteral(origin="env", role=KEY, env_var=KEY)` for each
value that is a connection URL, `ParseProblem` for lines neither library reads as a
statement, and attaches a `DotenvModel` under `models["dotenv"]`.
Messages never contain values: they name keys only.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..diagnostics import Span
from ..facts import FileFacts, ParseProblem, UrlLiteral

if TYPE_CHECKING:
    from ..config import Settings

NODE, PYTHON = "node", "python"
_JS_KEY = re.compile(r"[\w.-]+")
_PY_DQ_ESCAPES = re.compile(r"\\[\\'\"abfnrtv]")
_PY_SQ_ESCAPES = re.compile(r"\\[\\']")
_PY_COMMENT = re.compile(r"\s+#.*")
# ${NAME}, ${NAME:-default}, ${NAME-default} and (dotenv-expand only) $NAME.
_BRACED = re.compile(r"(?<!\\)\$\{(?P<name>[^}:-]*)(?:(?P<op>:-|-)(?P<default>[^}]*))?\}")
_BARE = re.compile(r"(?<!\\)\$(?P<name>[A-Za-z_][A-Za-z0-9_]*)")
_PY_VAR = re.compile(r"\$\{(?P<name>[^}:]*)(?::-(?P<default>[^}]*))?\}")


@dataclass(frozen=True)
class EnvEntry:
    key: str
    key_span: Span
    span: Span                 # the value as the project's dialect reads it (no quotes)
    quote: str                 # "", "'", '"' or "`"
    js: str | None             # dotenv's value before expansion; None: dotenv skips the line
    py: str | None             # python-dotenv's value before expansion; None: a bare KEY
    exported: bool = False

    def value(self, dialect: str) -> str | None:
        return self.py if dialect == PYTHON else self.js


@dataclass(frozen=True)
class EnvWarning:
    span: Span
    key: str
    message: str
    url_related: bool = False  # the value is (or would be) a connection URL


@dataclass
class DotenvModel:
    dialect: str = NODE
    entries: list[EnvEntry] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    warnings: list[EnvWarning] = field(default_factory=list)

    def entry(self, key: str) -> EnvEntry | None:
        """The assignment that wins (the last one, in both libraries)."""
        found = None
        for e in self.entries:
            if e.key == key and e.value(self.dialect) is not None:
                found = e
        return found

    def keys(self) -> set[str]:
        return {e.key for e in self.entries if e.value(self.dialect) is not None}

    def raw_values(self, dialect: str | None = None) -> dict[str, str]:
        dialect = dialect or self.dialect
        out: dict[str, str] = {}
        for e in self.entries:
            v = e.value(dialect)
            if v is not None:
                out[e.key] = v
        return out

    def values(self, dialect: str | None = None, outer: dict[str, str] | None = None) -> dict[str, str]:
        """Final values with ${VAR} references expanded (`outer`: other files' values)."""
        dialect = dialect or self.dialect
        if dialect == PYTHON:
            out: dict[str, str] = {}
            for e in self.entries:
                if e.py is not None:
                    out[e.key] = expand_python(e.py, {**(outer or {}), **out})
            return out
        raw = self.raw_values(NODE)
        return {k: expand_node(v, {**(outer or {}), **raw}) for k, v in raw.items()}


def expand_python(value: str, env: dict[str, str]) -> str:
    """python-dotenv: ${NAME} and ${NAME:-default} from values defined before."""
    def sub(m: re.Match) -> str:
        got = env.get(m.group("name"))
        return got if got is not None else (m.group("default") or "")
    return _PY_VAR.sub(sub, value)


def expand_node(value: str, env: dict[str, str], depth: int = 0) -> str:
    """dotenv-expand: ${NAME}, ${NAME:-default}, ${NAME-default} and $NAME, recursively."""
    if "$" not in value or depth > 8:
        return value

    def lookup(name: str) -> str | None:
        got = env.get(name)
        return None if got is None else expand_node(got, env, depth + 1)

    def braced(m: re.Match) -> str:
        got = lookup(m.group("name"))
        op = m.group("op")
        if op == ":-" and not got:
            return m.group("default") or ""
        if op == "-" and got is None:
            return m.group("default") or ""
        return got or ""

    value = _BRACED.sub(braced, value)
    return _BARE.sub(lambda m: lookup(m.group("name")) or "", value)


# ---------------------------------------------------------------------------- parsing
@lru_cache(maxsize=1)
def _parser():
    from lark import Lark

    from ..resources import grammar_path

    return Lark(grammar_path("dotenv.lark").read_text(encoding="utf-8"), parser="lalr",
                lexer="contextual", maybe_placeholders=True)


def _looks_like_url(value: str | None) -> bool:
    if not value:
        return False
    from ..urls import looks_like_connection_url
    return looks_like_connection_url(value)


# In recovery, how many physical lines one quoted value may span before we give up on it.
MAX_VALUE_LINES = 40


class _Builder:
    def __init__(self, text: str, dialect: str):
        # One line model everywhere (LSP's: \n, \r\n and a lone \r end a line), and lark
        # counts lines by \n only: normalise once, as dotenv itself does (/\r\n?/ -> \n).
        # Columns are unchanged, so spans still point into the original text.
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.lines = self.text.split("\n")
        self.model = DotenvModel(dialect=dialect)

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def run(self) -> DotenvModel:
        from lark.exceptions import UnexpectedInput

        try:
            tree = _parser().parse(self.text)
        except UnexpectedInput:
            self._recover()
        else:
            self._collect(tree, 0)
        return self.model

    def _recover(self) -> None:
        """Parse a broken file one logical entry at a time, so every bad line costs a
        bounded amount of work (a file of garbage is linear, not quadratic)."""
        from lark.exceptions import UnexpectedInput

        physical = _split_keep(self.text)
        i = 0
        while i < len(physical):
            first = physical[i]
            # A quoted value may continue on the next lines; try longer chunks only then.
            opens_quote = any(q in first.split("=", 1)[-1] for q in ('"', "'", "`")) if "=" in first else False
            limit = min(MAX_VALUE_LINES, len(physical) - i) if opens_quote else 1
            for size in range(1, limit + 1):
                try:
                    tree = _parser().parse("".join(physical[i:i + size]))
                except UnexpectedInput:
                    continue
                self._collect(tree, i)
                i += size
                break
            else:
                number = i + 1
                text = self.line_text(number)
                col = len(text) - len(text.lstrip()) + 1
                self.model.problems.append(ParseProblem(
                    Span(number, col, number, max(len(text.rstrip()) + 1, col + 1)),
                    "this line is not a KEY=value assignment (or its quote is not closed); "
                    "dotenv and python-dotenv skip it"))
                i += 1

    def _collect(self, tree, line_offset: int) -> None:
        from lark import Token

        for stmt in tree.children:
            if not hasattr(stmt, "data"):
                continue  # a COMMENT line
            export, key = stmt.children[0], stmt.children[1]
            key_span = self._span(key, line_offset)
            if stmt.data == "bare_key":
                self._entry(str(key), key_span, None, None, "", key_span, export is not None)
                continue
            value, comment = stmt.children[2], stmt.children[3]
            if value is None:
                # `KEY=` or `KEY=#x` / `KEY= # c`: dotenv reads "", python-dotenv reads
                # "#x" when the # touches the = and "" otherwise.
                line = self.line_text(key.line + line_offset)
                after_eq = key_span.end_col - 1
                eq = line.find("=", after_eq)
                if eq < 0:  # pragma: no cover - the grammar puts an = after every key
                    continue
                py = ""
                if comment is not None and isinstance(comment, Token) and comment.column == eq + 2:
                    py = _PY_COMMENT.sub("", str(comment)).rstrip()
                span = Span(key_span.line, eq + 2, key_span.line, eq + 2 + len(py))
                self._entry(str(key), key_span, "", py, "", span, export is not None)
                continue
            token = value.children[0]
            self._value(str(key), key_span, token, line_offset, export is not None)

    def _value(self, key: str, key_span: Span, token, line_offset: int, exported: bool) -> None:
        raw = str(token)
        full = self._span(token, line_offset)
        kind = token.type
        if kind == "UNQUOTED":
            js = raw.split("#", 1)[0].strip()
            py = _PY_COMMENT.sub("", raw).rstrip()
            chosen = py if self.model.dialect == PYTHON else js
            span = Span(full.line, full.col, full.line, full.col + len(chosen))
            self._entry(key, key_span, js, py, "", span, exported)
            return
        quote = raw[0]
        body = raw[1:-1]
        inner = Span(full.line, full.col + 1, full.end_line, full.end_col - 1)
        if kind == "DOUBLE_QUOTED":
            js = body.replace("\\n", "\n").replace("\\r", "\r")
            py = _PY_DQ_ESCAPES.sub(lambda m: codecs.decode(m.group(0), "unicode-escape"), body)
        elif kind == "SINGLE_QUOTED":
            js = body
            py = _PY_SQ_ESCAPES.sub(lambda m: m.group(0)[1], body)
        else:  # backticks: dotenv quotes; python-dotenv reads the rest of the first line
            js = body
            first = self.line_text(full.line)[full.col - 1:]
            py = _PY_COMMENT.sub("", first).rstrip()
            if self.model.dialect == PYTHON:
                inner = Span(full.line, full.col, full.line, full.col + len(py))
        self._entry(key, key_span, js, py, quote, inner, exported)

    def _entry(self, key: str, key_span: Span, js: str | None, py: str | None, quote: str,
               span: Span, exported: bool) -> None:
        if js is not None and not _JS_KEY.fullmatch(key):
            self.model.warnings.append(EnvWarning(
                key_span, key, f"dotenv (Node) cannot read the key {key!r}; only python-dotenv does",
                _looks_like_url(py)))
            js = None
        entry = EnvEntry(key, key_span, span, quote, js, py, exported)
        self.model.entries.append(entry)
        if js is not None and py is not None and js != py:
            why = "an unquoted # without a space before it" if quote == "" else \
                  "backticks" if quote == "`" else "escapes"
            used = "python-dotenv" if self.model.dialect == PYTHON else "dotenv (Node)"
            self.model.warnings.append(EnvWarning(
                span, key,
                f"dotenv (Node) and python-dotenv read {key} differently ({why}); "
                f"poolcheck reads it as {used} does; quote the value",
                _looks_like_url(js) or _looks_like_url(py)))
        value = entry.value(self.model.dialect)
        if value and quote != "'" and _BARE.search(_BRACED.sub("", value)):
            self.model.warnings.append(EnvWarning(
                span, key,
                f"{key} uses $VAR without braces: dotenv-expand (Prisma, Node) expands it, "
                f"python-dotenv does not; write ${{VAR}}",
                _looks_like_url(value)))

    @staticmethod
    def _span(token, line_offset: int) -> Span:
        return Span(token.line + line_offset, token.column, token.end_line + line_offset, token.end_column)


def _split_keep(text: str) -> list[str]:
    """Lines with their newline kept (\\n, \\r\\n, \\r)."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def parse(text: str, dialect: str = NODE) -> DotenvModel:
    """Parse an env file's text (BOM already stripped) as `dialect` ("node" or "python") reads it."""
    return _Builder(text, dialect).run()


def dialect_for(path, settings: "Settings | None") -> str:
    runtime = settings.option("runtime") if settings is not None else "auto"
    if runtime == "python":
        return PYTHON
    if runtime in ("node", "edge", "workers"):
        return NODE
    from ..envresolve import detect_runtime
    return PYTHON if detect_runtime(path) == "python" else NODE


def analyse(source, settings: "Settings | None" = None) -> FileFacts:
    dialect = dialect_for(source.path, settings)
    model = parse(source.text, dialect)
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
