"""Dependency markers taken by name: `DB = Depends(get_db)` then `async def list_users(db = DB)`,
`DbDep = Annotated[Prisma, Depends(get_db)]` then `db: DbDep`, in the module of the marker or
in any module that imports it (FastAPI's own advice for shared dependencies).

The front-end records the marker as a `Registration` with its `alias` (the name it is bound
to) and each parameter that names an imported or module-level name as a `MarkerUse`; once
the names are bound, a use whose name is a marker becomes a registration of the marker's
dependency for the function that takes it, so the request-scope routes are the related
locations of what the dependency does per request.
"""

from __future__ import annotations

from typing import Mapping

from ..facts import Scope
from ..symbols import ModuleSymbols, Registration
from .graph import Graph


def marker_uses(graph: Graph, binder, modules: Mapping[str, ModuleSymbols]) -> None:
    """A parameter that takes a module-level marker by its name (`db: DbDep` of `DbDep =
    Annotated[Prisma, Depends(get_db)]`, in any module) registers the marker's dependency
    for its function, there: the routes that take it are where it runs per request. A
    marker some parameter takes gives way to those registrations; one nothing takes keeps
    its own."""
    markers: dict[tuple[str, str], list[int]] = {}
    for i, (path, reg, _) in enumerate(graph.registrations):
        if reg.alias:
            markers.setdefault((path, reg.alias), []).append(i)
    if not markers:
        return
    taken: set[int] = set()
    added = []
    for path in sorted(modules):
        for use in modules[path].marker_uses:
            target = binder.member(binder.local(path, use.name.target), use.name.path)
            f = graph.functions.get((path, use.function))
            if target is None or target.kind != "marker" or f is None:
                continue
            for i in markers.get((target.path, target.name), ()):
                _, reg, node = graph.registrations[i]
                taken.add(i)
                scope = Scope(reg.scope.kind, reg.scope.framework, f.name, f.span)
                added.append((path, Registration(scope, reg.target, use.span, target.name), node))
    graph.registrations[:] = [r for i, r in enumerate(graph.registrations) if i not in taken] + added
