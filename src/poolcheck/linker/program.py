"""`link()`: resolve every module's imports, bind call sites, propagate; the linked program."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ..symbols import ModuleSymbols
from .modules import ModuleIndex


@dataclass
class Program:
    """The linked program of one workspace (see `bind`, `propagate`)."""

    modules: Mapping[str, ModuleSymbols]
    index: ModuleIndex
    graph: object = None
    result: object = None
    _derived: dict = field(default_factory=dict)

    def derived_facts(self, facts_by_path: Mapping[str, object]) -> dict[str, list]:
        """path -> the file's fact list with the linked view applied (only files that change):
        scopes of constructions and lifecycle calls reached per request from other modules,
        `LinkedTransactionCall`s for transaction bodies calling into other modules."""
        from .derive import derive

        return derive(self, facts_by_path)


def link(modules: Mapping[str, ModuleSymbols], index: ModuleIndex) -> Program:
    """Link the modules (absolute posix path -> symbols) against the index."""
    from .bind import bind
    from .instances import instance_queries
    from .propagate import propagate

    program = Program(modules=modules, index=index)
    program.graph = bind(modules, index)
    # what a method on one object queries, by the call that built it (`tasks.updateTask()`)
    instance_queries(program.graph, program.graph.binder)
    program.result = propagate(program.graph)
    return program
