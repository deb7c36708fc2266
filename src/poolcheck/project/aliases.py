"""What the linker's resolvers say about a project's modules, for PC103 (ProjectView):
which of several modules an alias import names (`@/lib/prisma` when both lib/prisma.ts
and src/lib/prisma.ts exist: the importer's tsconfig/jsconfig `paths`, read by the
linker's resolver over those modules only), and which Python modules import a module
(the linker's own reading of an import, `linker.importers.python_import_targets`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


class ModuleLookups:
    """ProjectContext's questions to the linker's resolvers (over `self.files`)."""

    def alias_target(self, importer: Path, spec: str, among: list[Path]) -> Path | None:
        return alias_target(importer, spec, among)   # tsconfig `paths`

    def python_importers(self, among: list[Path]) -> dict[Path, list]:
        return python_importers(self.files, among)


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


def python_importers(files, among: list[Path]) -> dict[Path, list]:
    """The modules (FileFacts) of `files` that import each module of `among`, in file
    order, each importer once; a module of `among` that is not a Python file of `files`
    has none."""
    out: dict[Path, list] = {p: [] for p in among}
    python = [f for f in files if f.language == "python"]
    if not python or not among:
        return out
    from ..linker.importers import python_import_targets
    from ..linker.modules import ModuleIndex, resolver_for

    index = ModuleIndex([f.path for f in python])
    wanted = {index.abs[p]: p for p in among if index.abs[p] in index}
    if not wanted:
        return out
    resolver = resolver_for("python", index)
    for facts in python:
        path = index.abs[facts.path]
        for p in {wanted[t] for _, t, _, _ in python_import_targets(resolver, path, facts) if t in wanted}:
            out[p].append(facts)
    return out
