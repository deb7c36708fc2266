"""prisma.config.ts (and prisma7.config.ts): `schema`, `datasource.url`, `migrations.seed`.

Read with tree-sitter's TypeScript grammar, never with regexes. The config object is the
argument of `defineConfig({...})`, or the default export (`export default {...}`, possibly
`satisfies PrismaConfig` / `as PrismaConfig`, or an identifier bound to such an object).
`datasource.url` may be a string literal, `env("X")`, `process.env.X`, `process.env["X"]`
or anything else (then neither `literal` nor `env_var` is set).

The front-end of the "prisma-config" kind (vocabulary/kinds.py): `analyse(source,
settings)` builds the TS program once, runs the TS passes on it (a config may construct an
adapter: PC107/PC310 see it) and reads the config object from the same tree, so the file is
parsed once, through the pipeline (the editor's unsaved buffer included). It sets
`FileFacts.prisma_config` and emits one `UrlLiteral(origin="config", role="datasource.url")`
per literal URL, spanning the text inside the quotes, in place of the code literal the TS
passes found on the same string: one URL, one literal, one span. `load(path)` reads a file
from disk (cached by path and modification time) for the project loader's schema location.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path, PurePosixPath

from ..core import safeio
from ..core.diagnostics import Span
from ..core.sources import Source, UnreadableSource
from ..facts import ConfigValue, FileFacts, PrismaConfig, UrlLiteral
from ..vocabulary.kinds import PRISMA_CONFIG_NAMES as CONFIG_NAMES


class _Reader:
    """Node text and spans, on the file's one line model (`Source.span`)."""

    def __init__(self, source: Source):
        self.data = source.data
        self._span = source.span

    def node_text(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", errors="replace")

    def span(self, node, inner: bool = False) -> Span:
        if inner:  # inside the quotes of a string (one byte each)
            return self._span(node.start_byte + 1, node.end_byte - 1)
        return self._span(node.start_byte, node.end_byte)

    def string(self, node) -> str | None:
        if node is None:
            return None
        if node.type == "string":
            return "".join(self.node_text(c) if c.type == "string_fragment" else _escape(self.node_text(c))
                           for c in node.named_children)
        if node.type == "template_string" and not any(c.type == "template_substitution"
                                                      for c in node.named_children):
            return self.node_text(node)[1:-1]
        return None


def _escape(text: str) -> str:
    simple = {"\\n": "\n", "\\t": "\t", "\\r": "\r", "\\\\": "\\", "\\'": "'", '\\"': '"', "\\/": "/"}
    return simple.get(text, text[1:] if text.startswith("\\") else text)


def _unwrap(node):
    """Strip `satisfies T`, `as T`, parentheses and `!`."""
    while node is not None and node.type in ("satisfies_expression", "as_expression",
                                             "parenthesized_expression", "non_null_expression"):
        node = node.named_children[0] if node.named_children else None
    return node


def _config_object(root, reader: _Reader):
    bindings: dict[str, object] = {}
    default = None
    for stmt in root.named_children:
        if stmt.type in ("lexical_declaration", "variable_declaration"):
            for decl in stmt.named_children:
                if decl.type == "variable_declarator":
                    name, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
                    if name is not None and value is not None:
                        bindings[reader.node_text(name)] = value
        if stmt.type == "export_statement":
            value = stmt.child_by_field_name("value")
            if value is None:
                decl = stmt.child_by_field_name("declaration")
                if decl is not None and decl.type in ("lexical_declaration", "variable_declaration"):
                    for d in decl.named_children:
                        n, v = d.child_by_field_name("name"), d.child_by_field_name("value")
                        if n is not None and v is not None:
                            bindings[reader.node_text(n)] = v
                continue
            default = value
        if stmt.type == "expression_statement":  # module.exports = defineConfig({...})
            expr = stmt.named_children[0] if stmt.named_children else None
            if expr is not None and expr.type == "assignment_expression":
                left = expr.child_by_field_name("left")
                if left is not None and reader.node_text(left) in ("module.exports", "exports.default"):
                    default = expr.child_by_field_name("right")
    for _ in range(4):
        default = _unwrap(default)
        if default is None:
            return None
        if default.type == "identifier":
            default = bindings.get(reader.node_text(default))
            continue
        if default.type == "call_expression":
            args = default.child_by_field_name("arguments")
            first = args.named_children[0] if args is not None and args.named_children else None
            default = first
            continue
        if default.type == "object":
            return default
        return None
    return None


def _properties(obj, reader: _Reader) -> dict[str, object]:
    out: dict[str, object] = {}
    if obj is None or obj.type != "object":
        return out
    for pair in obj.named_children:
        if pair.type == "pair":
            key = pair.child_by_field_name("key")
            value = pair.child_by_field_name("value")
            if key is None or value is None:
                continue
            name = reader.string(key) if key.type == "string" else reader.node_text(key)
            out[name] = _unwrap(value)
        elif pair.type == "shorthand_property_identifier":
            out[reader.node_text(pair)] = pair
    return out


def _value(node, reader: _Reader) -> ConfigValue | None:
    if node is None:
        return None
    literal = reader.string(node)
    if literal is not None:
        return ConfigValue(reader.span(node, inner=True), literal=literal)
    if node.type == "call_expression":
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        if fn is not None and reader.node_text(fn) == "env" and first is not None:
            name = reader.string(first)
            if name is not None:
                return ConfigValue(reader.span(node), env_var=name, written=f'env("{name}")')
    if node.type in ("member_expression", "subscript_expression"):
        obj = node.child_by_field_name("object")
        if obj is not None and reader.node_text(obj) == "process.env":
            if node.type == "member_expression":
                prop = node.child_by_field_name("property")
                name = reader.node_text(prop) if prop else None
                return ConfigValue(reader.span(node), env_var=name,
                                   written=f"process.env.{name}" if name else None)
            index = node.child_by_field_name("index")
            name = reader.string(index)
            if name is not None:
                return ConfigValue(reader.span(node), env_var=name, written=f'process.env["{name}"]')
    if node.type == "binary_expression":  # process.env.X ?? "fallback" / env("X") || env("Y")
        operator = node.child_by_field_name("operator")
        left = _value(_unwrap(node.child_by_field_name("left")), reader)
        if left is None or operator is None or reader.node_text(operator) not in ("||", "??"):
            return left
        right = _value(_unwrap(node.child_by_field_name("right")), reader)
        if right is None:
            return left
        tried = tuple(v for v in right.env_vars if v not in left.env_vars)
        return ConfigValue(left.span, left.literal, left.env_var, left.fallbacks + tried,
                           left.has_default or right.has_default or right.literal is not None
                           or (not right.env_vars and right.literal is None), left.written)
    return ConfigValue(reader.span(node))


def grammar_for(path: Path) -> str:
    """The TS grammar for .ts/.mts/.cts, the TSX one (a superset of JavaScript) for the rest."""
    return "typescript" if path.suffix in (".ts", ".mts", ".cts") else "tsx"


def parse(data: bytes, path: Path) -> PrismaConfig:
    """The config of a file's bytes (BOM already removed), parsed on its own."""
    from .ts_model import build  # the TS front-end's parser, built once per process

    source = Source.from_bytes(path, "prisma-config", data)
    return read_config(build(source.data, grammar_for(path)).root, source)


def read_config(root, source: Source) -> PrismaConfig:
    """The config object's settings, from the program's tree."""
    reader = _Reader(source)
    path = source.path
    obj = _config_object(root, reader)
    props = _properties(obj, reader)
    datasource = _properties(props.get("datasource"), reader)
    migrations = _properties(props.get("migrations"), reader)
    experimental = _properties(props.get("experimental"), reader)
    engine = reader.string(props.get("engine")) if props.get("engine") is not None else None
    return PrismaConfig(
        path=path,
        schema=_value(props.get("schema"), reader),
        datasource_url=_value(datasource.get("url"), reader),
        direct_url=_value(datasource.get("directUrl"), reader),
        shadow_database_url=_value(datasource.get("shadowDatabaseUrl"), reader),
        seed=_value(migrations.get("seed"), reader),
        has_adapter="adapter" in props or engine == "js" or "adapter" in experimental,
    )


def find(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = root / name
        if safeio.is_file(candidate):
            return candidate
    return None


@lru_cache(maxsize=64)
def _load(path: Path, mtime_ns: int, size: int) -> PrismaConfig | None:
    try:
        data = safeio.read_bytes(path)
    except OSError:
        return None
    try:
        return parse(data, path)
    except UnreadableSource:  # not UTF-8, or binary: no config to read
        return None


def load(path: Path) -> PrismaConfig | None:
    try:
        st = safeio.stat(path)
    except OSError:
        return None
    return _load(path, st.st_mtime_ns, st.st_size)


def analyse(source: Source, settings=None) -> FileFacts:
    from .ts_model import build
    from .typescript import analyse_program

    facts = FileFacts(path=source.path, language="typescript")
    grammar = grammar_for(source.path)
    prog = build(source.data, grammar)
    analyse_program(source.data, grammar, PurePosixPath(source.path.as_posix()), source.span, facts, prog=prog)
    config = read_config(prog.root, source)
    literals = [UrlLiteral(value.span, value.literal, origin="config", role=role)
                for role, value in (("datasource.url", config.datasource_url),
                                    ("datasource.directUrl", config.direct_url),
                                    ("datasource.shadowDatabaseUrl", config.shadow_database_url))
                if value is not None and value.literal is not None]
    # The TS passes saw the same strings as code URLs (quotes included): the config's literal
    # replaces each, so one URL has one literal and one span.
    facts.facts = [f for f in facts.facts if not (isinstance(f, UrlLiteral) and f.origin == "code"
                                                  and any(_within(lit.span, f.span) for lit in literals))]
    facts.facts.extend(literals)
    facts.prisma_config = config
    facts.models["prisma_config"] = config  # keeps the file's cache entry (engine.cache._payload)
    return facts


def _within(inner: Span, outer: Span) -> bool:
    return (outer.line, outer.col) <= (inner.line, inner.col) and (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)
