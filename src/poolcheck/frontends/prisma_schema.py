"""schema.prisma front-end: the Prisma Schema Language as Prisma's own parser reads it.

`grammars/prisma.lark` holds the grammar of one line in each context (top level, model,
enum, datasource/generator); this module is the block driver around it, following
prisma-engines' datamodel.pest exactly where it matters:

- a block header is `keyword name {` and the rest of that line is ignored; the header
  must end with a newline;
- the block closes at the first later line whose first non-blank character is `}`;
  whatever follows that `}` on its line is read at the top level again;
- a block that never closes is no block: its header line is an error line and the
  lines after it are read at the top level;
- an unknown block `name { ... }` runs to the first `}` anywhere and is an error;
- a line that fits nothing is a catch-all error line; the parse goes on, so a broken
  file still yields its datasource.

`parse(text)` returns a `SchemaModel`; `analyse(source, settings)` wraps it in
`FileFacts` with `UrlLiteral` facts for literal datasource URLs and `ParseProblem`s for
syntax errors. Messages never quote the offending line (it may hold a password).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from ..core.diagnostics import Span
from ..facts import Datasource, FileFacts, ParseProblem, SchemaFile, UrlLiteral, UrlSetting

if TYPE_CHECKING:
    from ..config import Settings

URL_KEYS = ("url", "directUrl", "shadowDatabaseUrl")
KNOWN_PROVIDERS = ("postgresql", "postgres", "mysql", "sqlite", "sqlserver", "mongodb", "cockroachdb")
DATASOURCE_PROPERTIES = ("provider", "url", "directUrl", "shadowDatabaseUrl", "relationMode",
                         "referentialIntegrity", "extensions", "schemas")

# Prisma's own wording, so a user recognises the error from `prisma validate`.
MSG_TOP = "This line is invalid. It does not start with any known Prisma schema keyword."
MSG_MODEL = "This line is not a valid field or attribute definition."
MSG_ENUM = "This line is not an enum value definition."
MSG_CONFIG = "This line is not a valid definition within a {kind}."
MSG_BLOCK = ("This block is invalid. It does not start with any known Prisma schema keyword. "
             "Valid keywords include 'model', 'enum', 'type', 'datasource' and 'generator'.")
MSG_ALIAS = "Invalid type definition. Please check the documentation in https://pris.ly/d/composite-types"
MSG_ESCAPE = "Unknown escape sequence. If the value is a windows-style path, `\\` must be escaped as `\\\\`."
MSG_UNICODE = "Invalid unicode escape sequence."
# Prisma 7 (prisma-schema-wasm 7.x get_config), word for word.
MSG_URL_7 = {
    "url": ("The datasource property `url` is no longer supported in schema files. Move connection URLs "
            "for Migrate to `prisma.config.ts` and pass either `adapter` for a direct database connection "
            "or `accelerateUrl` for Accelerate to the `PrismaClient` constructor."),
    "directUrl": "The datasource property `{key}` is no longer supported in schema files. Move connection "
                 "URLs to `prisma.config.ts`.",
}
MSG_BOM = ("This line is invalid. It does not start with any known Prisma schema keyword: the file "
           "starts with a byte-order mark (U+FEFF), which Prisma does not accept; save it as UTF-8 without BOM.")

# pest's WHITESPACE: Unicode space separators and tabs.
_WS = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_NEWLINE = re.compile(r"\r\n|\n|\r")


# ---------------------------------------------------------------------------- the model
@dataclass(frozen=True)
class Expr:
    """A value: kind "string" | "number" | "constant" | "function" | "array".

    `text` is the decoded string, the number or constant as written, or the function's
    name; `span` is the value's own span (for strings, the characters between the quotes).
    """

    kind: str
    text: str
    span: Span
    args: tuple[tuple[str | None, "Expr | None"], ...] = ()
    items: tuple["Expr", ...] = ()
    trailing_comma: bool = False  # `f(a,)`: Prisma's env() rejects it

    def env_var(self) -> str | None:
        """`X` for `env("X")` (or `env(name: "X")`), else None."""
        if self.kind == "function" and self.text == "env" and len(self.args) == 1 and not self.trailing_comma:
            value = self.args[0][1]
            if value is not None and value.kind == "string":
                return value.text
        return None


@dataclass(frozen=True)
class Property:
    key: str
    key_span: Span
    value: Expr


@dataclass(frozen=True)
class Block:
    kind: str                  # "model" | "type" | "view" | "enum" | "datasource" | "generator"
    name: str
    span: Span                 # the header's name
    properties: tuple[Property, ...] = ()

    def get(self, key: str) -> Property | None:
        """The last property with this key (the last one wins, as in Prisma)."""
        found = None
        for p in self.properties:
            if p.key == key:
                found = p
        return found


@dataclass
class SchemaModel:
    blocks: list[Block] = field(default_factory=list)
    datasources: list[Datasource] = field(default_factory=list)
    # Syntax errors (PC900) and the configuration errors Prisma's get_config reports
    # (missing provider, unknown property, ...), which poolcheck does not report itself.
    problems: list[ParseProblem] = field(default_factory=list)
    config_errors: list[ParseProblem] = field(default_factory=list)

    @property
    def datasource(self) -> Datasource | None:
        return self.datasources[0] if self.datasources else None

    def generators(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "generator"]

    @property
    def ok(self) -> bool:
        """What Prisma's get_config would accept (no syntax and no config errors)."""
        return not self.problems and not self.config_errors


# ---------------------------------------------------------------------------- the parser
@lru_cache(maxsize=1)
def _parser():
    from lark import Lark

    from ..core.resources import grammar_path

    # Measured (lark 1.3): building the tables takes ~12 ms for this grammar and ~4 ms for
    # dotenv.lark; lark's cache=True cuts that to ~2 ms but writes a file into the temp
    # folder, and poolcheck writes nothing but its own cache. Once per process it is.
    return Lark(grammar_path("prisma.lark").read_text(encoding="utf-8"), parser="lalr",
                lexer="contextual", start=["top_line", "model_line", "enum_line", "config_line"],
                maybe_placeholders=True)


# Below this many lines the Lark parser alone is quicker than building the fast-path
# patterns (~0.1-0.3 s, once per process) and then using them.
FAST_PATH_MIN_LINES = 3000


@lru_cache(maxsize=1)
def _fast_path():
    """FP_MODEL_LINE and FP_ENUM_LINE from grammars/prisma.lark, compiled by Lark."""
    import re as _re

    from lark.load_grammar import GrammarBuilder

    from ..core.resources import grammar_path

    text = grammar_path("prisma.lark").read_text(encoding="utf-8")
    section = text[text.index("// ---------------------------------------------------------------- line-level fast path"):]
    builder = GrammarBuilder()
    builder.load_grammar("start: FP_MODEL_LINE | FP_ENUM_LINE\n" + section, "prisma.lark")
    terminals, _, _ = builder.build().compile(["start"], "*")
    found = {t.name: _re.compile(t.pattern.to_regexp()) for t in terminals}
    return {"model_line": found["FP_MODEL_LINE"].fullmatch, "enum_line": found["FP_ENUM_LINE"].fullmatch}


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


class _Driver:
    def __init__(self, text: str, prisma_major: int | None = None):
        self.lines = _split_lines(text)
        self.model = SchemaModel()
        self.major = prisma_major
        self.sink: list[ParseProblem] = self.model.problems
        self.fast = _fast_path() if len(self.lines) >= FAST_PATH_MIN_LINES else {}
        self._ends: list[tuple[int, int]] | None = None
        # A block read to the end of the file without its `}`: a later block cannot close
        # either (keeps a file of unclosed blocks linear).
        self._open_from: int | None = None

    def problem(self, span: Span, message: str) -> None:
        self.sink.append(ParseProblem(span, message))

    def run(self) -> SchemaModel:
        lines = self.lines
        i, offset = 0, 0
        while i < len(lines):
            start = self._leading(i, offset)
            if start is None:  # an unclosed `/*`: the line is a catch-all error
                self._top_error(i, offset, MSG_TOP)
                i, offset = i + 1, 0
                continue
            i, offset = start
            content, has_newline = lines[i]
            segment = content[offset:]
            where = _Line(i + 1, offset)
            if _blank(segment):
                i, offset = i + 1, 0
                continue
            tree = _try_parse(segment, "top_line")
            if tree is not None and not self._names_ok(tree, segment):
                tree = None
            if tree is None or tree.data == "type_alias" or not has_newline:
                self._top_error(i, offset, MSG_ALIAS if tree is not None and tree.data == "type_alias"
                                and has_newline else MSG_TOP)
                i, offset = i + 1, 0
                continue
            if tree.data == "arbitrary_header":
                close = self._find_brace(i + 1)
                if close is None:
                    self.problem(where.whole(segment), MSG_TOP)
                    i, offset = i + 1, 0
                    continue
                self.problem(where.whole(segment), MSG_BLOCK)
                i, offset = close[0], close[1] + 1
                continue
            keyword, name_tok = tree.children[0], tree.children[1]
            if "." in name_tok:
                self.problem(where.whole(segment), MSG_TOP)
                i, offset = i + 1, 0
                continue
            closed = self._block(str(keyword), str(name_tok), where.span(name_tok), i + 1)
            if closed is None:  # no closing brace: no block; the header is an error line
                self.problem(where.whole(segment), MSG_TOP)
                i, offset = i + 1, 0
                continue
            i, offset = closed
        self._validate()
        return self.model

    def _top_error(self, i: int, offset: int, message: str) -> None:
        content = self.lines[i][0]
        segment = content[offset:]
        if i == 0 and offset == 0 and segment.startswith("\ufeff"):
            message = MSG_BOM
        self.problem(_Line(i + 1, offset).whole(segment), message)

    # -- block comments
    def _leading(self, i: int, offset: int) -> tuple[int, int] | None:
        """Skip blanks and block comments at the start of line i (from `offset`): the
        position of what follows, or None for a `/*` that never closes."""
        lines = self.lines
        while True:
            content = lines[i][0]
            rest = content[offset:].lstrip(_WS)
            if not rest.startswith("/*"):
                return i, len(content) - len(rest)
            close = self._comment_end(i, len(content) - len(rest) + 2)
            if close is None:
                return None
            i, offset = close

    def _comment_end(self, i: int, col: int) -> tuple[int, int] | None:
        """Where the block comment whose text starts at (line i, col) ends: just after `*/`.
        Every `*/` of the file is indexed once, so a file of unclosed comments stays linear."""
        if self._ends is None:
            self._ends = []
            for n, (content, _) in enumerate(self.lines):
                at = content.find("*/")
                while at >= 0:
                    self._ends.append((n, at))
                    at = content.find("*/", at + 1)
        k = bisect.bisect_left(self._ends, (i, col))
        if k == len(self._ends):
            return None
        n, at = self._ends[k]
        return n, at + 2

    def _trailing(self, i: int, content: str, col: int) -> tuple[str, int] | None:
        """A member line with a trailing block comment: (the member's text, the line after
        the comment). None when there is none or it cannot be one (then Prisma, and the
        member grammar, read the line as it is)."""
        start = _comment_start(content[col:])
        if start is None:
            return None
        start += col
        close = self._comment_end(i, start + 2)
        if close is None:
            return None
        n, col = close
        if self.lines[n][0][col:].strip(_WS):
            return None  # text after the comment's end: the line is a catch-all error
        return content[:start], n + 1

    # -- identifiers
    @staticmethod
    def _names_ok(tree, segment: str) -> bool:
        """Non-ASCII identifier characters must be letters (Prisma: Unicode category L)."""
        if segment.isascii():
            return True
        for token in tree.scan_values(lambda t: getattr(t, "type", None) in ("NAME", "FUNCTION_NAME")):
            if not str(token).isascii() and not all(c.isascii() or c.isalpha() for c in str(token)):
                return False
        return True

    def _find_brace(self, start: int) -> tuple[int, int] | None:
        for n in range(start, len(self.lines)):
            pos = self.lines[n][0].find("}")
            if pos != -1:
                return n, pos
        return None

    # -- blocks
    def _block(self, kind: str, name: str, span: Span, first: int) -> tuple[int, int] | None:
        """Read the members of a block from line `first` up to its closing `}`: the
        position just after that brace, or None (nothing recorded) if it never closes."""
        start = {"model": "model_line", "type": "model_line", "view": "model_line",
                 "enum": "enum_line", "datasource": "config_line", "generator": "config_line"}[kind]
        fail = {"model_line": MSG_MODEL, "enum_line": MSG_ENUM}.get(start) or MSG_CONFIG.format(kind=kind)
        if self._open_from is not None and first >= self._open_from:
            return None
        properties: list[Property] = []
        outer, self.sink = self.sink, []
        lines = self.lines
        i = first
        try:
            while i < len(lines):
                begin = self._leading(i, 0)
                if begin is None:
                    self.problem(_Line(i + 1, 0).whole(lines[i][0]), fail)
                    i += 1
                    continue
                n, col = begin
                content = lines[n][0]
                if content.startswith("}", col):
                    outer.extend(self.sink)
                    self.model.blocks.append(Block(kind, name, span, tuple(properties)))
                    return n, col + 1
                segment = content[col:]
                if _blank(segment):
                    i = n + 1
                    continue
                where = _Line(n + 1, col)
                member, after = segment, n + 1
                if "/*" in segment:
                    trailing = self._trailing(n, content, col)
                    if trailing is not None and trailing[0][col:].strip(_WS):
                        member, after = trailing[0][col:], trailing[1]
                quick = self.fast.get(start)
                if quick is not None and member.isascii() and quick(member.rstrip("\r")):
                    i = after  # a line the parser accepts with nothing to report
                    continue
                tree = _try_parse(member, start)
                if tree is None or self._dotted_name(tree) or not self._names_ok(tree, member):
                    self.problem(where.whole(segment), fail)
                    i = n + 1
                    continue
                if start == "config_line":
                    key, value = tree.children
                    properties.append(Property(str(key), where.span(key), self._expr(value, where)))
                elif start == "model_line" and tree.data == "field":
                    self._field(tree, where)
                else:
                    self._walk_strings(tree, where)
                i = after
            self._open_from = first
            return None
        finally:
            self.sink = outer

    @staticmethod
    def _dotted_name(tree) -> bool:
        """A plain identifier was required (field, enum value, key) but a path was given."""
        if tree.data in ("field", "enum_value", "key_value"):
            return "." in tree.children[0]
        return False

    def _field(self, tree, where: _Line) -> None:
        from lark import Token, Tree

        colon = tree.children[1]
        field_type = tree.children[2]
        if isinstance(colon, Token):
            self.problem(where.span(colon), "Field declarations don't require a `:`.")
        if field_type is None:
            self.problem(where.span(tree.children[0]),
                         "This field declaration is invalid. It is either missing a name or a type.")
        elif isinstance(field_type, Tree):
            message = {
                "legacy_required_type": "Fields are required by default, `!` is no longer required.",
                "legacy_list_type": "To specify a list, please use `Type[]` instead of `[Type]`.",
                "optional_list_type": "Optional lists are not supported. Use either `Type[]` or `Type?`.",
            }.get(field_type.data)
            if message:
                self.problem(where.span(tree.children[0]), message)
        self._walk_strings(tree, where)

    def _walk_strings(self, tree, where: _Line) -> None:
        """Check escapes in every string of a line we do not keep."""
        for token in tree.scan_values(lambda t: getattr(t, "type", None) == "STRING"):
            self._string(token, where)

    # -- values
    def _expr(self, node, where: _Line) -> Expr:
        from lark import Token

        if isinstance(node, Token):  # pragma: no cover - the grammar always wraps values
            return Expr("constant", str(node), where.span(node))
        kind = node.data
        if kind == "string":
            token = node.children[0]
            full = where.span(token)
            text = self._string(token, where)
            return Expr("string", text, Span(full.line, full.col + 1, full.end_line, full.end_col - 1))
        if kind in ("number", "constant"):
            token = node.children[0]
            return Expr(kind, str(token), where.span(token))
        if kind == "function_call":
            name_tok, arguments = node.children
            args = self._arguments(arguments, where)
            end = self._last_span(arguments, where) or where.span(name_tok)
            start = where.span(name_tok)
            comma = any(getattr(c, "type", None) == "TRAILING_COMMA" for c in arguments.children)
            return Expr("function", str(name_tok).strip(), Span(start.line, start.col, end.end_line, end.end_col),
                        args=args, trailing_comma=comma)
        if kind == "array":
            items = tuple(self._expr(c, where) for c in node.children if c is not None)
            spans = [i.span for i in items]
            span = Span(where.number, spans[0].col, where.number, spans[-1].end_col) if spans else \
                Span(where.number, where.offset + 1, where.number, where.offset + 2)
            return Expr("array", "", span, items=items)
        raise AssertionError(f"unexpected value node {kind}")  # pragma: no cover

    def _arguments(self, node, where: _Line) -> tuple[tuple[str | None, Expr | None], ...]:
        from lark import Token, Tree

        out: list[tuple[str | None, Expr | None]] = []
        for child in node.children:
            if child is None or isinstance(child, Token):
                continue  # an omitted argument list slot or the trailing comma
            if isinstance(child, Tree) and child.data == "named_argument":
                out.append((str(child.children[0]), self._expr(child.children[1], where)))
            elif isinstance(child, Tree) and child.data == "empty_argument":
                out.append((str(child.children[0]), None))
            else:
                out.append((None, self._expr(child, where)))
        return tuple(out)

    @staticmethod
    def _last_span(node, where: _Line) -> Span | None:
        tokens = list(node.scan_values(lambda t: hasattr(t, "end_column")))
        if not tokens:
            return None
        last = tokens[-1]
        # The closing parenthesis is an anonymous token lark filters out; it follows the
        # last kept token, so extend by one character as a close-enough end.
        span = where.span(last)
        return Span(span.line, span.col, span.end_line, span.end_col + 1)

    def _string(self, token, where: _Line) -> str:
        """Decode a string literal with Prisma's (JSON's) escapes; report bad ones."""
        raw = str(token)[1:-1]
        if "\\" not in raw:
            return raw
        base = where.span(token).col + 1  # column of the first content character
        out: list[str] = []
        i = 0
        simple = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
        while i < len(raw):
            c = raw[i]
            if c != "\\":
                out.append(c)
                i += 1
                continue
            nxt = raw[i + 1]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
                continue
            if nxt == "u":
                char, used = _unicode_escape(raw, i)
                if char is None:
                    self.problem(Span(where.number, base + i, where.number, base + i + max(used, 2)), MSG_UNICODE)
                else:
                    out.append(char)
                i += max(used, 2)
                continue
            self.problem(Span(where.number, base + i, where.number, base + i + 2), MSG_ESCAPE)
            i += 2
        return "".join(out)

    # -- configuration checks (Prisma's get_config), kept apart from syntax errors
    def _validate(self) -> None:
        errors = self.model.config_errors
        sources = [b for b in self.model.blocks if b.kind == "datasource"]
        if len(sources) > 1:
            for b in sources:
                errors.append(ParseProblem(b.span, "You defined more than one datasource."))
        for block in sources:
            provider = block.get("provider")
            provider_value = None
            if provider is None:
                errors.append(ParseProblem(block.span, f'Argument "provider" is missing in data source block "{block.name}".'))
            elif provider.value.kind != "string":
                errors.append(ParseProblem(provider.value.span, "Expected a String value for provider."))
            else:
                provider_value = provider.value.text
                if provider_value not in KNOWN_PROVIDERS:
                    errors.append(ParseProblem(provider.value.span, "Datasource provider not known."))
            self._relation_mode(block, provider_value)
            urls: list[UrlSetting] = []
            for key in URL_KEYS:
                prop = block.get(key)
                if prop is not None and self.major is not None and self.major >= 7:
                    # Visible (PC900): `prisma generate` and `migrate` refuse the schema.
                    self.model.problems.append(ParseProblem(
                        prop.key_span, MSG_URL_7.get(key, MSG_URL_7["directUrl"]).format(key=key)))
                if prop is None:
                    if key == "url" and (self.major is None or self.major < 7):
                        errors.append(ParseProblem(block.span, f'Argument "url" is missing in data source block "{block.name}".'))
                    continue
                value = prop.value
                if value.kind == "string":
                    urls.append(UrlSetting(key, value.span, prop.key_span, literal=value.text))
                elif value.env_var() is not None:
                    urls.append(UrlSetting(key, value.span, prop.key_span, env_var=value.env_var()))
                else:
                    message = ("Exactly one string parameter must be passed to the env function."
                               if value.kind == "function" and value.text == "env"
                               else f"Expected a String value for {key}.")
                    errors.append(ParseProblem(value.span, message))
                    urls.append(UrlSetting(key, value.span, prop.key_span))
            self._shadow_differs(block, urls)
            for prop in block.properties:
                if prop.key not in DATASOURCE_PROPERTIES:
                    errors.append(ParseProblem(prop.key_span, f'Property not known: "{prop.key}".'))
            self.model.datasources.append(Datasource(
                block.name, block.span, provider_value, provider.value.span if provider else None, tuple(urls)))


    def _shadow_differs(self, block: Block, urls: list[UrlSetting]) -> None:
        """Prisma refuses a shadowDatabaseUrl written the same as url or directUrl (the
        same env var, or the same literal): migrate would wipe the real database."""
        by_role = {u.role: (u.env_var, u.literal) for u in urls if u.env_var is not None or u.literal is not None}
        shadow = by_role.get("shadowDatabaseUrl")
        if shadow is None:
            return
        for role in ("directUrl", "url"):
            if by_role.get(role) == shadow:
                span = next(u.span for u in urls if u.role == "shadowDatabaseUrl")
                self.model.config_errors.append(ParseProblem(span, (
                    f'shadowDatabaseUrl is the same as {role} for datasource "{block.name}". Please specify '
                    f'a different database as shadow database to avoid data loss.')))

    def _relation_mode(self, block: Block, provider: str | None) -> None:
        """relationMode (and its old name referentialIntegrity): a string, "prisma" or
        "foreignKeys" ("prisma" only on MongoDB), and not both names at once."""
        errors = self.model.config_errors
        mode, legacy = block.get("relationMode"), block.get("referentialIntegrity")
        if mode is not None and legacy is not None:
            errors.append(ParseProblem(legacy.key_span, "The `referentialIntegrity` and `relationMode` attributes "
                                       "cannot be used together. Please use only `relationMode` instead."))
            return
        prop = mode or legacy
        if prop is None:
            return
        value = prop.value
        if value.kind != "string":
            shown = f"literal value `{value.text}`" if value.kind == "constant" else f"{value.kind} value"
            errors.append(ParseProblem(value.span, f"Expected a string value, but received {shown}."))
            return
        allowed = ("prisma",) if provider == "mongodb" else ("prisma", "foreignKeys")
        if value.text not in allowed:
            supported = ", ".join(f'"{v}"' for v in allowed)
            errors.append(ParseProblem(value.span, f'Error validating datasource `relationMode`: Invalid relation '
                                       f'mode setting: "{value.text}". Supported values: {supported}'))


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


def parse(text: str, prisma_major: int | None = None) -> SchemaModel:
    """Parse a schema file's text as Prisma reads it (a BOM is an error, as in the CLI).
    `prisma_major` 7 and later: datasource URLs belong in prisma.config.ts."""
    return _Driver(text, prisma_major).run()


def url_literals(model: SchemaModel) -> Iterator[UrlSetting]:
    for ds in model.datasources:
        for u in ds.urls:
            if u.literal is not None:
                yield u


def _prisma_major(path, settings: "Settings | None") -> int | None:
    from ..project.packages import prisma_version
    try:
        version = prisma_version(path, settings)
    except OSError:  # pragma: no cover - an unreadable folder
        return None
    return None if version.python else version.major


def analyse(source, settings: "Settings | None" = None) -> FileFacts:
    # The Prisma CLI reads the schema as UTF-8 with the BOM kept, and rejects it.
    text = "\ufeff" + source.text if getattr(source, "bom", False) else source.text
    model = parse(text, _prisma_major(source.path, settings))
    facts = FileFacts(path=source.path, language="prisma")
    for problem in model.problems:
        facts.add(problem)
    for ds in model.datasources:
        for u in ds.urls:
            if u.literal is not None:
                facts.add(UrlLiteral(u.span, u.literal, origin="schema", role=u.role, provider=ds.provider))
    facts.schema = SchemaFile(tuple(model.datasources))
    facts.models["schema"] = model
    return facts
