"""Constants read across modules: a transaction's `{ timeout: TX_TIMEOUT }` where
`TX_TIMEOUT` is imported (ghostfolio: `ms('1 minute')` in libs/common's config), read
from the module that defines it, through `export { X } from` re-exports (PC203)."""

from __future__ import annotations

from dataclasses import replace

from ..symbols import Import

MAX_HOPS = 8


def imported_number(binder, modules, path: str, local: str) -> float | None:
    """The ms the imported name `local` of `path` stands for, or None."""
    imp = next((i for i in modules[path].imports if i.local == local and i.how != "type"), None)
    if imp is None or imp.imported in ("*", ""):
        return None
    target = binder.resolve_import(path, imp)
    return _exported_number(binder, modules, target, imp.imported, 0) if target else None


def _exported_number(binder, modules, path: str, name: str, hops: int) -> float | None:
    m = modules.get(path)
    if m is None or hops > MAX_HOPS:
        return None
    numbers = dict(m.numbers)
    if m.ecosystem == "python":   # every top-level name of a module is importable
        return numbers.get(name)
    for e in m.exports:
        if e.name != name:
            continue
        if e.source is None:
            return numbers.get(e.local or name)
        src = binder.resolve_import(path, Import(local="", specifier=e.source, imported=e.imported or name))
        return _exported_number(binder, modules, src, e.imported or name, hops + 1) if src else None
    for e in m.exports:   # `export * from './config'`
        if e.name == "*" and e.source is not None:
            src = binder.resolve_import(path, Import(local="", specifier=e.source, imported="*"))
            got = _exported_number(binder, modules, src, name, hops + 1) if src else None
            if got is not None:
                return got
    return None


def with_imported_options(program, path: str, fact):
    """The transaction with the timeouts its imported option constants hold."""
    changes = {}
    for key, local, span in fact.option_refs:
        value = imported_number(program.graph.binder, program.modules, path, local)
        if value is None:
            continue
        if key == "timeout" and fact.timeout_ms is None:
            changes.update(timeout_ms=value, timeout_span=span)
        elif key == "maxWait" and fact.max_wait_ms is None:
            changes.update(max_wait_ms=value, max_wait_span=span)
    return replace(fact, **changes) if changes else fact
