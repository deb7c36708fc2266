"""The state one Python file's passes share (`PyFile`), and its cheap helpers: names
resolved to qualified names, spans, source text, ancestors, enclosing functions.

Qualified names are what QualifiedNameProvider would give (Scope.get_qualified_names_for
is what it calls, lazily, per node). They come from the module's own bindings
(qualified.py) wherever that provably agrees; ScopeProvider runs only for the rest, and
only when a name could resolve to an import or a same-file def. Positions come from the
code generation that builds the index (index.index_and_positions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Callable

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameSource, ScopeProvider

from ...core.diagnostics import Span
from ...facts import FileFacts, ScopeKind
from .index import Index, index_and_positions, root_name


@dataclass
class Func:
    node: cst.FunctionDef
    name: str
    qname: str
    parent: "Func | None"
    cls: cst.ClassDef | None
    direct: tuple[ScopeKind, str | None] | None = None
    health: bool = False  # a route decorator's path is a health check's (Scope.health)
    scope: object = None  # a scopes.ScopeDraft once scopes.propagate has run
    calls: list = field(default_factory=list)  # (callee Func, call node)


# Nesting (nodes deep) below which none of LibCST's recursive passes can reach Python's
# recursion limit (ScopeProvider's fails from ~280 in a bare process). Deeper modules keep
# LibCST's own calls, so that they fail, or not, exactly where they did.
DEEP = 150


def _index(module: cst.Module) -> tuple[Index, dict | None]:
    """The module's Index, with its positions when one code generation gives both
    (index.index_and_positions); a module nested deeper than DEEP is visited, its positions
    left to LibCST's resolver on the first span, as before, so that it fails, or not,
    exactly where it did."""
    try:
        index, pos = index_and_positions(module)
    except RecursionError:
        index = None
    if index is not None and index.depth <= DEEP:
        return index, pos
    index = Index()
    module.visit(index)
    return index, None


def _span(pos, node) -> Span:
    """The span of `node` from index_and_positions' tuples or PositionProvider's CodeRange."""
    r = pos[node]
    if type(r) is tuple:
        return Span(r[0], r[1] + 1, r[2], r[3] + 1)
    return Span(r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)


class PyFile:
    """One file under analysis: the tree and its index, what the passes found so far, and
    the helpers every pass uses."""

    def __init__(self, source, facts: FileFacts, settings, module: cst.Module,
                 line_of: Callable[[int], int] | None = None, tree=None):
        self.source = source
        self.facts = facts
        self.settings = settings
        self.path = PurePosixPath(source.path.as_posix())
        self.wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self.module = self.wrapper.module
        self.index, self._positions = _index(self.module)
        # set by the front-end when it analyses a reduced big file: reduced line -> file line
        self.line_of = line_of
        self.funcs: dict[cst.FunctionDef, Func] = {}
        self.by_qname: dict[str, Func] = {}
        self.imported: set[str] = set()
        self.harness: str | None = None          # a test-harness module the file imports
        self.client_keys: set[str] = set()       # expression texts known to hold a client
        self.module_clients: set[str] = set()    # module-level names bound to a client
        self.per_request_keys: set[str] = set()  # attribute keys bound to per-request clients
        self.script_nodes: set = set()           # module statements under `if __name__ == ...`
        self.teardown_hooks: set = set()         # FunctionDefs registered as teardown_* hooks
        self.g_clients = False                   # a client is constructed onto flask/quart `g`
        self._scopes = None
        self._tree = tree        # CPython's tree of the same text: qualified names without scopes
        self._resolver = None
        self._qn_cache: dict = {}
        self._enclosing: dict = {}

    def _qualified(self, node):
        found = self._qn_cache.get(node)
        if found is None:
            root = root_name(node)
            if root is None or root not in self.index.import_roots and root not in self.index.defined:
                found = ()
            elif (found := self._resolved(node, root)) is not None:
                pass
            else:
                if self._scopes is None:
                    self._scopes = self.wrapper.resolve(ScopeProvider)
                scope = self._scopes.get(node)
                try:
                    found = tuple(scope.get_qualified_names_for(node)) if scope is not None else ()
                except Exception:
                    found = ()
            self._qn_cache[node] = found
        return found
    def _resolved(self, node, root: str):
        """The qualified names of `node` from the module's bindings (qualified.py), or None
        where only ScopeProvider can tell."""
        if self._tree is None or self.index.depth > DEEP:
            return None
        if self._resolver is None:
            from .qualified import Resolver

            try:
                self._resolver = Resolver(self.index, self._tree)
            except Exception:  # a bug of its own must not change what ScopeProvider says
                self._tree = None
                return None
        return self._resolver.resolve(node, root)
    def qnames(self, node) -> set[str]:
        return {q.name for q in self._qualified(node)}
    def import_qnames(self, node, tails: frozenset | None = None) -> set[str]:
        """Qualified names of `node` that come from an import. With `tails`, the caller only
        cares about names ending in one of them: a cheap check on the import statements
        then spares the scope analysis when none can."""
        root = root_name(node)
        if root not in self.index.import_roots:
            return set()
        if tails is not None:
            full = get_full_name_for_node(node) or ""
            dot = full.rfind(".")
            if dot != -1:
                if full[dot + 1:] not in tails:
                    return set()
            elif tails.isdisjoint(self.index.import_tails.get(full, ())):
                return set()
        return {q.name for q in self._qualified(node) if q.source is QualifiedNameSource.IMPORT}
    def parent(self, node):
        return self.index.parent.get(node)
    def span(self, node) -> Span:
        if self._positions is None:  # a module deeper than DEEP (_index)
            self._positions = self.wrapper.resolve(PositionProvider)
        s = _span(self._positions, node)
        if self.line_of is not None:
            return Span(self.line_of(s.line), s.col, self.line_of(s.end_line), s.end_col)
        return s
    def subtree(self, node, stop: tuple = ()):
        """Every node below `node` (itself first) in source order; `stop` types (other than
        `node`) are yielded but not entered."""
        index = self.index
        order = index.order
        i, end = index.pos[node], index.end[node]
        if not stop:
            yield from order[i:end]
            return
        yield order[i]
        i += 1
        while i < end:
            n = order[i]
            yield n
            i = index.end[n] if isinstance(n, stop) else i + 1
    def code(self, node) -> str:
        return self.module.code_for_node(node)
    def ancestors(self, node):
        p = self.parent(node)
        while p is not None:
            yield p
            p = self.parent(p)
    def enclosing_func(self, node) -> Func | None:
        cache = self._enclosing
        if node in cache:
            return cache[node]
        found = None
        for a in self.ancestors(node):
            if isinstance(a, cst.FunctionDef):
                found = self.funcs.get(a)
                break
        cache[node] = found
        return found
    def func_for_expr(self, expr, context: Func | None) -> Func | None:
        """The same-file function an expression names: `fn`, `self.method`, `Cls.method`."""
        if isinstance(expr, cst.Name):
            for q in self.qnames(expr):
                if q in self.by_qname:
                    return self.by_qname[q]
            # nested functions: LibCST names them outer.<locals>.fn
            if context is not None:
                f: Func | None = context
                while f is not None:
                    cand = self.by_qname.get(f"{f.qname}.<locals>.{expr.value}")
                    if cand:
                        return cand
                    f = f.parent
            return None
        if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name):
            owner = expr.value.value
            if owner in ("self", "cls") and context is not None and context.cls is not None:
                return self.by_qname.get(f"{context.cls.name.value}.{expr.attr.value}")
            return self.by_qname.get(f"{owner}.{expr.attr.value}")
        return None
