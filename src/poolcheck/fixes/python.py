"""Fixes in Python, computed on LibCST's tree of the file (positions from its metadata).

The finding's span is mapped to the `Call` node it names; edits sit at node boundaries
and write only what the fix itself needs (`pass`). PC204 has no Python fix: the Python
front-end reports no unawaited transaction query (prisma-client-py calls are awaited
or the code does not run), so there is nothing to repair.
"""

from __future__ import annotations

from ..core.diagnostics import Diagnostic, Span
from ..core.edits import Edit, Fix
from .registry import FixContext, fix_builder


class Module:
    def __init__(self, ctx: FixContext):
        import libcst as cst
        from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

        self.ctx = ctx
        self.cst = cst
        self.module = cst.parse_module(ctx.text)
        wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
        self.positions = wrapper.resolve(PositionProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)

    def span(self, node) -> Span:
        r = self.positions[node]
        return Span(r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)

    def call_at(self, span: Span):
        """The call at `span` (the front-ends place a lifecycle call's span on its
        `await` when there is one)."""
        for node in self.positions:
            if isinstance(node, (self.cst.Call, self.cst.Await)) and self.span(node) == span:
                if isinstance(node, self.cst.Await):
                    return node.expression if isinstance(node.expression, self.cst.Call) else None
                return node
        return None

    def code(self, node) -> str:
        return self.module.code_for_node(node)

    def parent(self, node):
        return self.parents.get(node)

    def enclosing_function(self, node):
        node = self.parent(node)
        while node is not None and not isinstance(node, self.cst.FunctionDef):
            node = self.parent(node)
        return node


def _module(ctx: FixContext) -> Module | None:
    if ctx.kind != "python":
        return None

    def make():
        try:
            return Module(ctx)
        except Exception:  # a syntax error, or nesting LibCST cannot take: no fix
            return None
    return ctx.memo("libcst", make)


# ---------------------------------------------------------------------------- PC104
@fix_builder("PC104", "unsafe")
def remove_disconnect(d: Diagnostic, ctx: FixContext) -> Fix | None:
    mod = _module(ctx)
    call = mod.call_at(d.span) if mod is not None else None
    if call is None:
        return None
    cst = mod.cst
    node = mod.parent(call)
    if isinstance(node, cst.Await):
        node = mod.parent(node)
    expr = node
    line = mod.parent(expr) if isinstance(expr, cst.Expr) else None
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
        return None
    block = mod.parent(line)
    body = getattr(block, "body", None)
    if not isinstance(body, (tuple, list)):
        return None
    what = f"Remove `{ctx.file.slice(mod.span(call)) or 'disconnect()'}`"
    if len(body) == 1 and isinstance(block, cst.IndentedBlock):
        # the block's only statement: `pass` keeps it a block
        return Fix.unsafe(what, Edit(mod.span(expr), "pass"))
    ft = ctx.file
    s = mod.span(line)
    start = ft.offset(s.line, 1)
    stmt_start = ft.offset(s.line, s.col)
    starts = ft.line_starts()
    if start is None or stmt_start is None or ft.text[start:stmt_start].strip():
        return None
    end = starts[s.end_line] if s.end_line < len(starts) else len(ft.text)
    if end == len(ft.text) and s.end_line == len(starts):
        end = len(ft.text)
    return Fix.unsafe(what, Edit.deletion(ft.span(start, end)))


# ---------------------------------------------------------------------------- PC311
def _concatenation(mod: Module, node):
    """(env expression, appended text) of `env + "?a=1"` or `f"{env}?a=1"` that is nothing
    but the two, else None."""
    cst = mod.cst
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add) \
            and isinstance(node.right, cst.SimpleString) and not node.right.prefix.strip("rR") \
            and not isinstance(node.left, cst.BinaryOperation):
        if "\\" in node.right.value:
            return None  # escapes: the value would be a guess
        value = node.right.evaluated_value
        return (node.left, value) if isinstance(value, str) else None
    if isinstance(node, cst.FormattedString) and len(node.parts) == 2:
        env, text = node.parts
        if isinstance(env, cst.FormattedStringExpression) and isinstance(text, cst.FormattedStringText) \
                and env.conversion is None and env.format_spec is None and "\\" not in text.value \
                and "{" not in text.value:
            return env.expression, text.value
    return None


def _imports_urllib_parse(mod: Module) -> bool:
    cst = mod.cst
    for stmt in mod.module.body:
        for small in getattr(stmt, "body", ()):
            if isinstance(small, cst.Import):
                for alias in small.names:
                    if alias.asname is None and mod.code(alias.name) == "urllib.parse":
                        return True
    return False


def _import_edit(mod: Module, ctx: FixContext) -> Edit | None:
    """`import urllib.parse` before the module's first import that is not `__future__`
    (or its first statement after the docstring); None when it is imported already."""
    if _imports_urllib_parse(mod):
        return None
    cst = mod.cst
    body = list(mod.module.body)
    for i, stmt in enumerate(body):
        small = getattr(stmt, "body", ())
        first = small[0] if isinstance(small, (list, tuple)) and small else None
        if i == 0 and isinstance(first, cst.Expr) and isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString)):
            continue  # the docstring
        if isinstance(first, cst.ImportFrom) and mod.code(first.module) == "__future__":
            continue
        line = mod.span(stmt).line
        return Edit.insertion(line, 1, "import urllib.parse" + ctx.newline)
    return Edit.insertion(len(ctx.file.line_starts()) + 1, 1, "import urllib.parse" + ctx.newline)


@fix_builder("PC311", "unsafe")
def build_with_urllib(d: Diagnostic, ctx: FixContext) -> Fix | None:
    import json

    from .typescript import query_pairs

    mod = _module(ctx)
    if mod is None:
        return None
    node = next((n for n in mod.positions if isinstance(n, (mod.cst.BinaryOperation, mod.cst.FormattedString))
                 and mod.span(n) == d.span), None)
    found = _concatenation(mod, node) if node is not None else None
    pairs = query_pairs(found[1]) if found is not None and found[1].startswith("?") else None
    if pairs is None:
        return None
    items = ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in pairs)
    env = mod.code(found[0])
    expr = (f"(lambda url: url._replace(query=urllib.parse.urlencode({{**dict(urllib.parse.parse_qsl("
            f"url.query, keep_blank_values=True)), {items}}})).geturl())(urllib.parse.urlsplit({env}))")
    edits = [Edit(d.span, expr)]
    imported = _import_edit(mod, ctx)
    if imported is not None:
        edits.append(imported)
    return Fix.unsafe("Set the parameters with urllib.parse", *edits)
