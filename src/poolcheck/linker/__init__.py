"""The linker: every file's symbols turned into one program per workspace.

    index = ModuleIndex(discovered_paths, project_files)      # no disk beyond these
    program = link(symbols_by_path, index)                    # resolve, bind, propagate
    derived = program.derived_facts(facts_by_path)            # path -> the file's linked facts

A language plugs in with a resolver (`modules.register_resolver(ecosystem, factory)`): a
factory called with the `ModuleIndex` that returns an object with
`resolve(importer_path, imp: Import) -> str | None` (the absolute posix path of a module of
the index, or None for a package outside the project). TS/JS is `resolve_ts`, Python
`resolve_py`. Everything after resolution (binding, the call graph, propagation) is one
algorithm for every language, in `bind`, `graph` and `propagate`.

Rules never import this package: they read the facts `derived_facts` gives them
(`poolcheck.symbols.LinkedTransactionCall`, facts whose `Scope` now carries the
cross-module chain).
"""

from __future__ import annotations

from .modules import ModuleIndex, ProjectFiles, register_resolver, resolver_for
from .program import Program, link

__all__ = ["ModuleIndex", "ProjectFiles", "Program", "link", "register_resolver", "resolver_for"]
