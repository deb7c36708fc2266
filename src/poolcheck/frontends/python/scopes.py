"""Scopes of Python functions: each function's direct scope (set by `frameworks` through
`mark`), then the effective one, inherited through nesting and same-file calls a few
levels deep (cycle-safe), with the chain of call sites kept for related locations.
Test and script files are decided by their path (discovery.path_role)."""

from __future__ import annotations

from pathlib import PurePosixPath

from ...core.diagnostics import Related
from ...vocabulary.layout import path_role
from ...facts import MODULE_SCOPE, Scope, ScopeKind
from .context import Func

FOLLOW_DEPTH = 4


class ScopeDraft:
    """A function's Scope before its span is known: positions cost a full code-generation
    pass, so they are computed only when a fact takes the scope (`get`)."""

    __slots__ = ("pf", "kind", "framework", "name", "span_node", "via", "callee", "health", "_scope")

    def __init__(self, pf, kind, framework, name, span_node, via=(), callee=None, health=False):
        self.pf, self.kind, self.framework, self.name = pf, kind, framework, name
        self.span_node, self.via, self.callee, self.health = span_node, via, callee, health
        self._scope = None

    @property
    def per_request(self) -> bool:
        return self.kind in (ScopeKind.REQUEST, ScopeKind.EDGE_REQUEST)

    def get(self) -> Scope:
        if self._scope is None:
            self._scope = Scope(self.kind, self.framework, self.name,
                                self.pf.span(self.span_node), self.via, callee=self.callee,
                                health=self.health)
        return self._scope


def file_kind(path: PurePosixPath) -> ScopeKind | None:
    """TEST or SCRIPT when the file's name or folders say so (discovery.path_role)."""
    return {"test": ScopeKind.TEST, "script": ScopeKind.SCRIPT}.get(path_role(path))


def mark(pf, fn: Func | None, kind: ScopeKind, framework: str | None) -> None:
    if fn is None:
        return
    if fn.direct is not None and fn.direct[0] in (ScopeKind.FACTORY, ScopeKind.TEST):
        return  # a memoised provider stays memoised
    if fn.direct is None or fn.direct[0] is ScopeKind.FUNCTION or kind is ScopeKind.REQUEST \
            and fn.direct[0] is ScopeKind.SCRIPT:
        fn.direct = (kind, framework)


# -- pass 3: effective scopes, inherited through nesting and same-file calls ------
def propagate(pf) -> None:
    file_kind = file_kind_of(pf)
    order = list(pf.funcs.values())  # source order: parents before children
    for f in order:  # parents come before children
        if file_kind is not None:
            kind = ScopeKind.TEST if file_kind is ScopeKind.TEST else ScopeKind.SCRIPT
            if f.direct and f.direct[0] is ScopeKind.FACTORY:
                kind = ScopeKind.FACTORY
            f.scope = ScopeDraft(pf, kind, None, f.name, f.node.name)
        elif f.direct is not None:
            f.scope = ScopeDraft(pf, f.direct[0], f.direct[1], f.name, f.node.name, health=f.health)
        elif f.parent is not None and f.parent.scope is not None \
                and f.parent.scope.kind is not ScopeKind.FUNCTION:
            f.scope = f.parent.scope
        else:
            f.scope = ScopeDraft(pf, ScopeKind.FUNCTION, None, f.name, f.node.name)
    # call edges
    for node in pf.index.calls:
        caller = pf.enclosing_func(node)
        if caller is None:
            continue
        callee = pf.func_for_expr(node.func, caller)
        if callee is not None and callee is not caller:
            caller.calls.append((callee, node))
    # breadth first from every per-request function, a few levels, cycle-safe; from the
    # health-check routes last, so a helper an ordinary route reaches is judged by that
    # route (PC105), as the linker orders its seeds
    seeds = [f for f in order if f.scope.per_request]
    seen = set(id(f) for f in seeds)
    for health in (False, True):
        frontier = [f for f in seeds if f.scope.health is health]
        for _ in range(FOLLOW_DEPTH):
            frontier = _follow(pf, frontier, seen)


def _follow(pf, frontier: list, seen: set) -> list:
    """One level down from `frontier`: the same-file functions it calls, not yet seen."""
    nxt = []
    for f in frontier:
        for callee, call in f.calls:
            if id(callee) in seen or callee.scope.kind is not ScopeKind.FUNCTION:
                continue
            seen.add(id(callee))
            via = (*f.scope.via, Related(pf.facts.path, pf.span(call),
                                         f"`{f.name}` calls `{callee.name}` here"))
            callee.scope = ScopeDraft(pf, f.scope.kind, f.scope.framework, f.scope.name,
                                       f.scope.span_node, via, callee.name, f.scope.health)
            inherit_nested(pf, callee)
            nxt.append(callee)
    return nxt


def inherit_nested(pf, parent: Func) -> None:
    for f in pf.funcs.values():
        if f.parent is parent and f.direct is None:
            f.scope = parent.scope
            inherit_nested(pf, f)


def file_kind_of(pf) -> ScopeKind | None:
    kind = file_kind(pf.path)
    return ScopeKind.TEST if kind is None and pf.harness is not None else kind


def scope_of(pf, node) -> Scope:
    fn = pf.enclosing_func(node)
    if fn is not None:
        return fn.scope.get()
    if any(a in pf.script_nodes for a in pf.ancestors(node)):
        return Scope(ScopeKind.SCRIPT)
    kind = file_kind_of(pf)
    return Scope(kind) if kind is ScopeKind.TEST else MODULE_SCOPE


