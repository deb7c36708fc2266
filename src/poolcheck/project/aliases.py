"""Which of several modules an alias import names (`@/lib/prisma` when both lib/prisma.ts
and src/lib/prisma.ts exist): the importer's tsconfig/jsconfig `paths`, read by the
linker's resolver over those modules only (ProjectView.alias_target, for PC103)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=32)
def _resolver(among: tuple[str, ...]):
    from ..linker.modules import ModuleIndex
    from ..linker.resolve_ts import TsResolver

    index = ModuleIndex(among)
    return TsResolver(index), index.abs


def alias_target(importer: Path, spec: str, among: list[Path]) -> Path | None:
    """The module of `among` that `spec` imported from `importer` resolves to, else None."""
    from ..symbols import Import

    resolver, abs_of = _resolver(tuple(sorted(str(c) for c in among)))
    target = resolver.resolve(abs_of[str(importer)], Import(local="", specifier=spec, imported="*"))
    return next((c for c in among if abs_of[str(c)] == target), None) if target is not None else None
