"""Fixes in TypeScript and JavaScript, computed on tree-sitter's tree of the file.

The finding's span is mapped to the node it names (`_node_at`); every edit is placed at
a node boundary and inserts only code the fix writes itself (identifiers it read from
the tree, never a value copied from the file). Only plain .ts/.js-family files are
edited; code embedded in .vue/.svelte/.astro/.md is left to the editor.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..core.diagnostics import Diagnostic, Span
from ..frontends.ts_model import enclosing_function
from ..core.edits import Edit, Fix
from .registry import FixContext, fix_builder

TS_KINDS = ("typescript", "javascript")
BLOCKS = frozenset({"statement_block", "program"})


class Tree:
    """One parse of the file: bytes, root node, and offset conversions."""

    def __init__(self, ctx: FixContext):
        from ..frontends.ts_model import parser
        from ..frontends.typescript import grammar_for

        self.ctx = ctx
        self.data = ctx.text.encode("utf-8")
        self.grammar = grammar_for(ctx.kind, PurePosixPath(ctx.path.as_posix()))
        self.root = parser(self.grammar).parse(self.data).root_node
        self.typescript = ctx.path.suffix.lower() in (".ts", ".tsx", ".mts", ".cts")

    def text(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", errors="replace")

    def char(self, byte_offset: int) -> int:
        return len(self.data[:byte_offset].decode("utf-8", errors="replace"))

    def span(self, start_byte: int, end_byte: int) -> Span:
        return self.ctx.file.span(self.char(start_byte), self.char(end_byte))

    def node_at(self, span: Span, types: frozenset[str] | tuple[str, ...]):
        """The innermost node of one of `types` whose range is exactly `span`."""
        where = self.ctx.file.offsets(span)
        if where is None:
            return None
        start, end = (self.ctx.file.byte_offset(o) for o in where)
        node = self.root.descendant_for_byte_range(start, end)
        while node is not None:
            if node.type in types and node.start_byte == start and node.end_byte == end:
                return node
            if node.start_byte < start or node.end_byte > end:
                return None
            node = node.parent
        return None

    def insert(self, byte_offset: int, content: str) -> Edit:
        line, col = self.ctx.file.position(self.char(byte_offset))
        return Edit.insertion(line, col, content)

    def delete_statement(self, stmt, blank_after: bool = False) -> Edit:
        """Remove a statement; with its whole line(s) when nothing else is on them (and
        the blank line after it with `blank_after`)."""
        ft = self.ctx.file
        start, end = self.char(stmt.start_byte), self.char(stmt.end_byte)
        after = stmt.next_sibling
        if after is not None and after.type == "comment" and after.start_point[0] == stmt.end_point[0] \
                and not self.data[stmt.end_byte:after.start_byte].strip():
            end = self.char(after.end_byte)  # a trailing comment about the statement goes with it
        line, _ = ft.position(start)
        end_line, _ = ft.position(end)
        line_start = ft.line_starts()[line - 1]
        line_end = ft.line_end(end_line)
        text = ft.text
        if not text[line_start:start].strip() and not text[end:line_end].strip():
            starts = ft.line_starts()
            after = starts[end_line] if end_line < len(starts) else len(text)
            if blank_after and end_line < len(starts) and not text[after:ft.line_end(end_line + 1)].strip():
                after = starts[end_line + 1] if end_line + 1 < len(starts) else len(text)
            return Edit.deletion(ft.span(line_start, after))
        return Edit.deletion(ft.span(start, end))


def _tree(ctx: FixContext) -> Tree | None:
    if ctx.kind not in TS_KINDS:
        return None
    tree = ctx.memo("ts-tree", lambda: Tree(ctx))
    return tree


def _unwrap_up(node):
    """From an expression to the outermost parenthesized/await wrapper around it."""
    while node.parent is not None and node.parent.type == "parenthesized_expression":
        node = node.parent
    return node


def _is_async(fn) -> bool:
    return fn is not None and any(child.type == "async" for child in fn.children)


# ---------------------------------------------------------------------------- PC204
@fix_builder("PC204", "safe")
def await_query(d: Diagnostic, ctx: FixContext) -> Fix | None:
    tree = _tree(ctx)
    call = tree.node_at(d.span, ("call_expression",)) if tree is not None else None
    if call is None:
        return None
    outer = _unwrap_up(call)
    if outer.parent is None or outer.parent.type != "expression_statement":
        return None  # used as a value: awaiting it would change what the code gets
    if not _is_async(enclosing_function(call)):
        return None  # `await` would not parse there
    return Fix.safe("Add `await`", tree.insert(outer.start_byte, "await "))


# ---------------------------------------------------------------------------- PC104
@fix_builder("PC104", "unsafe")
def remove_disconnect(d: Diagnostic, ctx: FixContext) -> Fix | None:
    tree = _tree(ctx)
    call = tree.node_at(d.span, ("call_expression",)) if tree is not None else None
    if call is None:
        return None
    node = _unwrap_up(call)
    if node.parent is not None and node.parent.type == "await_expression":
        node = _unwrap_up(node.parent)
    stmt = node.parent
    if stmt is None or stmt.type != "expression_statement" or stmt.parent is None \
            or stmt.parent.type not in BLOCKS:
        return None  # part of an expression, or the lone body of an `if`: left to the author
    return Fix.unsafe(f"Remove `{tree.text(call)}`", tree.delete_statement(stmt))


# ---------------------------------------------------------------------------- PC102
def _names_in(tree: Tree) -> set[str]:
    out, stack = set(), [tree.root]
    while stack:
        node = stack.pop()
        if node.type in ("identifier", "property_identifier", "shorthand_property_identifier"):
            out.add(tree.text(node))
        stack.extend(node.children)
    return out


def _quote(tree: Tree) -> str:
    stack = [tree.root]
    while stack:
        node = stack.pop(0)
        if node.type == "string":
            return tree.text(node)[:1] or '"'
        if node.start_byte > 4096:
            break
        stack.extend(node.children)
    return '"'


@fix_builder("PC102", "safe")
def cache_on_global_this(d: Diagnostic, ctx: FixContext) -> Fix | None:
    tree = _tree(ctx)
    new = tree.node_at(d.span, ("new_expression",)) if tree is not None else None
    if new is None or "without a globalThis cache" not in d.message:
        return None
    declarator = new.parent
    if declarator is None or declarator.type != "variable_declarator" \
            or declarator.child_by_field_name("value") != new:
        return None
    name_node = declarator.child_by_field_name("name")
    decl = declarator.parent
    if name_node is None or name_node.type != "identifier" or decl is None \
            or decl.type != "lexical_declaration" or tree.text(decl).split(None, 1)[0] != "const" \
            or len(decl.named_children) != 1:
        return None
    stmt = decl.parent if decl.parent is not None and decl.parent.type == "export_statement" else decl
    if stmt.parent is None or stmt.parent.type != "program":
        return None
    name = tree.text(name_node)
    constructor = new.child_by_field_name("constructor")
    if constructor is None or "globalForPrisma" in _names_in(tree):
        return None
    semi = ";" if tree.text(stmt).rstrip().endswith(";") else ""
    q = _quote(tree)
    nl = ctx.newline
    if tree.typescript:
        holder = f"const globalForPrisma = globalThis as unknown as {{ {name}?: {tree.text(constructor)} }}{semi}"
    else:
        holder = f"const globalForPrisma = globalThis{semi}"
    after = (f"{nl}{nl}if (process.env.NODE_ENV !== {q}production{q}) "
             f"globalForPrisma.{name} = {name}{semi}")
    return Fix.safe(
        "Keep the client on globalThis outside production",
        tree.insert(stmt.start_byte, holder + nl + nl),
        tree.insert(new.start_byte, f"globalForPrisma.{name} ?? "),
        tree.insert(stmt.end_byte, after))


# ---------------------------------------------------------------------------- PC311
def query_pairs(appended: str) -> list[tuple[str, str]] | None:
    """`?a=1&b=2` as decoded (key, value) pairs, read by the URL model; None when it is
    not plain `key=value` pairs (a template, an empty key) or holds a secret (`password=`)."""
    from ..urlmodel import is_secret_key, parse_url

    url = parse_url("postgresql://h/db?" + appended.lstrip("?&"))
    if url.issues or not url.params or any(not p.has_equals or is_secret_key(p.key) for p in url.params):
        return None  # a secret is never copied into an edit
    return [(p.key, p.value) for p in url.params]


_SIMPLE = frozenset({"member_expression", "subscript_expression", "identifier", "non_null_expression",
                     "call_expression", "parenthesized_expression"})


def _url_expression(tree: Tree, env, pairs: list[tuple[str, str]]) -> str:
    import json

    source = tree.text(env) if env.type in _SIMPLE else f"({tree.text(env)})"
    if tree.typescript and env.type != "non_null_expression":
        source += "!"
    sets = "".join(f" url.searchParams.set({json.dumps(k, ensure_ascii=False)}, "
                   f"{json.dumps(v, ensure_ascii=False)});" for k, v in pairs)
    return f"(() => {{ const url = new URL({source});{sets} return url.toString() }})()"


def _concatenation(tree: Tree, node):
    """(env expression, appended literal text) of a `+`, a template or a `.concat()` that
    is nothing but the two, else None."""
    if node.type == "binary_expression":
        right = node.child_by_field_name("right")
        if node.parent is not None and node.parent.type == "binary_expression" or right is None \
                or right.type != "string":
            return None  # part of a longer chain, or a template on the right
        return node.child_by_field_name("left"), _string(tree, right)
    if node.type == "template_string":
        parts = node.named_children
        if len(parts) != 2 or parts[0].type != "template_substitution" or parts[1].type != "string_fragment" \
                or len(parts[0].named_children) != 1:
            return None
        return parts[0].named_children[0], tree.text(parts[1])
    if node.type == "call_expression":
        fn, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
        if fn is None or args is None or len(args.named_children) != 1 or args.named_children[0].type != "string":
            return None
        return fn.child_by_field_name("object"), _string(tree, args.named_children[0])
    return None


def _string(tree: Tree, node) -> str | None:
    """A plain string literal's value; None with escapes (the value would be a guess)."""
    if node is None or node.type != "string" or any(c.type == "escape_sequence" for c in node.named_children):
        return None
    return "".join(tree.text(c) for c in node.named_children if c.type == "string_fragment")


@fix_builder("PC311", "unsafe")
def build_with_url(d: Diagnostic, ctx: FixContext) -> Fix | None:
    tree = _tree(ctx)
    node = tree.node_at(d.span, ("binary_expression", "template_string", "call_expression")) \
        if tree is not None else None
    found = _concatenation(tree, node) if node is not None else None
    if found is None or found[0] is None or not found[1]:
        return None
    pairs = query_pairs(found[1])
    if pairs is None:
        return None
    where = tree.span(node.start_byte, node.end_byte)
    return Fix.unsafe("Set the parameters with new URL(...).searchParams.set",
                      Edit(where, _url_expression(tree, found[0], pairs)))
