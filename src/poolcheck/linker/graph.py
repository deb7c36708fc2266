"""The call graph the binder builds (bind.py) and the linker's passes read: what a name
stands for (`Target`), the edges between functions, and the bound call sites."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ..symbols import CallSite, Function, ModuleSymbols

NodeId = tuple[str, str]          # (module path, FunctionId)


@dataclass(frozen=True)
class Target:
    kind: str                     # "function" | "object" | "instance" | "class" | "client" | "module" | "external"
    path: str                     # the module it lives in ("" for external)
    name: str                     # FunctionId for a function; the name otherwise; package name for external


@dataclass
class Edge:
    caller: NodeId
    callee: NodeId
    site: CallSite


@dataclass
class Graph:
    modules: Mapping[str, ModuleSymbols]
    functions: dict[NodeId, Function] = field(default_factory=dict)
    edges: dict[NodeId, list[Edge]] = field(default_factory=dict)       # caller -> edges
    callers: dict[NodeId, list[Edge]] = field(default_factory=dict)     # callee -> edges
    bound: dict[tuple[str, object], Target] = field(default_factory=dict)  # (path, call span) -> target
    module_edges: list[Edge] = field(default_factory=list)             # top-level calls
    registrations: list[tuple[str, object, NodeId]] = field(default_factory=list)  # (path, Registration, node)
    # (path, call span) -> the site with its keyword arguments placed by the callee's parameters
    placed: dict[tuple[str, object], CallSite] = field(default_factory=dict)
    # (path, call span) -> the queries of the method it calls on the object one call of a
    # factory built, on the client that call hands the factory (linker.factories)
    instance_queries: dict[tuple[str, object], list] = field(default_factory=dict)
