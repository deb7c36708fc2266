"""Fixes in Python, computed on LibCST's tree of the file (positions from its metadata).

The finding's span is mapped to the `Call` node it names; edits sit at node boundaries
and write only what the fix itself needs (`pass`). PC204 has no Python fix: the Python
front-end reports no unawaited transaction query (prisma-client-py calls are awaited
or the code does not run), so there is nothing to repair.
"""

from __future__ import annotations

from ..core.diagnostics import Diagnostic, Span
from .model import Edit, Fix
from .registry import FixContext, fix_builder


class Module:
    def __init__(self, ctx: FixContext):
        import libcst as cst
        from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

        self.ctx = ctx
        self.cst = cst
        wrapper = MetadataWrapper(cst.parse_module(ctx.text), unsafe_skip_copy=True)
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
@fix_builder("PC104")
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
