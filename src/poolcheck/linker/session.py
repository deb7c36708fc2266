"""One link over a run's files, for the engine: which files need symbols, then the link.

Which files get symbols (cost, plan §3.2): every file that passed the prefilter has them
from its one parse. A file the prefilter rejected carries only the import specifiers a
byte scan found (`FileFacts.import_specs`). From those the closure the link needs is:
- downwards from every file with an interactive transaction (the helpers its body may
  call, and theirs: a notification writer, an S3 wrapper);
- upwards from every file with a construction or a lifecycle call in an ordinary
  function (the handlers and services that may call that factory or helper).
Only those files are parsed for symbols (`analyse_symbols`, served from the cache next
time). Everything else is never parsed.
"""

from __future__ import annotations

import os
import re
from collections import deque
from typing import Iterable, Sequence

from ..facts import ClientCall, ClientConstruction, ScopeKind, Transaction
from ..symbols import Import
from .modules import ModuleIndex, resolver_for

# The quoted specifier after `from`, `import`, `import(`, `require(` or `export ... from`.
_JS_SPECIFIER = re.compile(rb"""(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*["']([^"'\n]{1,300})["']""")
CODE_KINDS = frozenset({"typescript", "tsx", "javascript"})
# Python: `from .x import a, b` (names in parentheses may span lines) and `import a.b as c, d`.
_PY_FROM = re.compile(rb"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)", re.M)
_PY_IMPORT = re.compile(rb"^[ \t]*import[ \t]+([\w. \t,]+)", re.M)
# Kinds whose front-end gives symbols: the closure parses only these.
SYMBOL_KINDS = frozenset(CODE_KINDS | {"python"})
ECOSYSTEM = {"typescript": "js", "tsx": "js", "javascript": "js", "vue": "js", "svelte": "js",
             "astro": "js", "python": "python"}


def scan_imports(kind: str, data: bytes) -> tuple[str, ...] | None:
    """The import specifiers of a file that was not parsed (a regex over its bytes)."""
    if kind == "python":
        return _scan_python(data)
    if kind not in CODE_KINDS:
        return None
    seen = []
    for m in _JS_SPECIFIER.finditer(data):
        spec = m.group(1).decode("utf-8", errors="replace")
        if spec not in seen:
            seen.append(spec)
    return tuple(seen)


def _scan_python(data: bytes) -> tuple[str, ...]:
    """`from pkg import a` -> "pkg.a" (the resolver falls back to "pkg" when `a` is no
    module), relative ones with their dots ("..models.User"), `import a.b` -> "a.b"."""
    seen: dict[str, None] = {}
    for m in _PY_FROM.finditer(data):
        module = m.group(1).decode("utf-8", errors="replace")
        for name in m.group(2).decode("utf-8", errors="replace").strip("()").replace("\\", " ").split(","):
            name = name.split(" as ")[0].strip()
            if name.isidentifier():
                seen.setdefault(module + name if module.endswith(".") else f"{module}.{name}", None)
    for m in _PY_IMPORT.finditer(data):
        for name in m.group(1).decode("utf-8", errors="replace").split(","):
            name = name.split(" as ")[0].strip()
            if name:
                seen.setdefault(name, None)
    return tuple(seen)


def _abs(path) -> str:
    return os.path.abspath(path).replace(os.sep, "/")


def _specs(facts) -> list[Import]:
    symbols = facts.symbols
    if symbols is not None:
        return [i for i in symbols.imports if i.how != "type"]
    return [Import(local="", specifier=s, imported="*") for s in (facts.import_specs or ())]


def _seeds(facts) -> tuple[bool, bool]:
    """(has a transaction, has a construction/lifecycle call in an ordinary function)."""
    down = any(True for _ in facts.of(Transaction))
    up = any(f.scope.kind is ScopeKind.FUNCTION and not getattr(f, "memoised", False)
             for f in facts.facts if isinstance(f, (ClientConstruction, ClientCall)))
    return down, up


def closure(results: Sequence, index: ModuleIndex) -> list:
    """The results (of `results`) whose files need symbols and have none yet."""
    by_path = {}
    for r in results:
        if r.facts is not None and r.found.kind in ECOSYSTEM:
            by_path[_abs(r.found.path)] = r
    resolvers = {eco: resolver_for(eco, index) for eco in set(ECOSYSTEM.values())}
    edges: dict[str, list[str]] = {}
    reverse: dict[str, list[str]] = {}
    for path, r in by_path.items():
        resolver = resolvers.get(ECOSYSTEM[r.found.kind])
        if resolver is None:
            continue
        submodule = getattr(resolver, "submodule", None)   # Python `from pkg import module`
        for imp in _specs(r.facts):
            targets = (resolver.resolve(path, imp), submodule(path, imp) if submodule else None)
            for target in targets:
                if target is not None and target in by_path and target != path:
                    edges.setdefault(path, []).append(target)
                    reverse.setdefault(target, []).append(path)
    down, up = [], []
    for path, r in by_path.items():
        d, u = _seeds(r.facts)
        if d:
            down.append(path)
        if u:
            up.append(path)
    needed = _reach(down, edges) | _reach(up, reverse)
    return [by_path[p] for p in sorted(needed)
            if by_path[p].facts.symbols is None and by_path[p].found.kind in SYMBOL_KINDS]


def _reach(starts: Iterable[str], edges: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    queue = deque(seen)
    while queue:
        p = queue.popleft()
        for q in edges.get(p, ()):
            if q not in seen:
                seen.add(q)
                queue.append(q)
    return seen


def link_results(results: list, index: ModuleIndex) -> dict[str, list]:
    """abs path -> the file's linked fact list, for files whose facts the link changes."""
    from .program import link

    modules, facts_by_path = {}, {}
    for r in results:
        if r.facts is not None and r.facts.symbols is not None:
            p = _abs(r.found.path)
            modules[p] = r.facts.symbols
            facts_by_path[p] = r.facts
    if not modules:
        return {}
    program = link(modules, index)
    return program.derived_facts(facts_by_path)


def index_for(paths: Iterable) -> ModuleIndex:
    return ModuleIndex(_abs(p) for p in paths)

