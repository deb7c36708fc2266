"""What a run that covers part of a workspace (pre-commit, an editor, `poolcheck apps/web`)
reads beyond its own project roots, decided from manifests (project.workspace) and the
given files' facts: never the whole workspace."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..facts import ClientConstruction, Transaction
from ..vocabulary.kinds import PROJECT_FILES
from ..vocabulary.layout import path_role
from .deployments import DEPLOY_KINDS, deployment_files
from .workspace import Workspace, WorkspaceMap

# What a package read for context is read for when no deployment file is given: code
# (the link, PC103's count per process) and package.json (the link resolves the package).
_LINKED_KINDS = frozenset({"typescript", "tsx", "javascript", "python", "package-json"})


@dataclass
class PartialContext:
    """What a run that does not cover the whole workspace reads beyond its own project
    roots (`partial_context`)."""
    packages: list[Path]          # workspace packages read whole (their project rules run too)
    files: list[Path]             # single files read: the deployment files of apps
    map: WorkspaceMap
    _deploy_given: bool | None = None

    def wants(self, found, given) -> bool:
        """Whether a file (FoundFile) of a package read whole is worth reading: its code
        and package.json always (the link and PC103), but not its seeds and tests (no app
        imports them, PC103 leaves them alone); the rest (schema, env files) only when a
        given file is a deployment file, whose findings (PC303 on the package's URL, with
        the deployment as related location) need the package's whole context."""
        if found.kind in _LINKED_KINDS:
            return found.kind == "package-json" or path_role(found.path) is None
        if self._deploy_given is None:
            self._deploy_given = any(PROJECT_FILES.get(f.path.name) in DEPLOY_KINDS for f in given)
        return self._deploy_given


def package_of_specifier(spec: str) -> str | None:
    """The package a bare specifier names (`@acme/db/client` -> `@acme/db`), or None for a
    relative or aliased one."""
    if not spec or spec.startswith((".", "/", "#", "~", "$")) or spec.startswith("@/"):
        return None
    parts = spec.split("/")
    return "/".join(parts[:2]) if spec.startswith("@") and len(parts) > 1 else parts[0]


def partial_context(roots, loaded, builds_client=(), tx_imports=None) -> PartialContext:
    """The workspace context of project `roots` whose files a run checks, where
    `loaded(folder)` says a folder is read already (walked, or a root read for context):
    - the workspace packages each root depends on that build a client (the shared
      client of `packages/database`, for the link and for PC103's count per process);
    - the deployment files of every app those roots and packages run in (PC303, ...);
    - for a root in `builds_client` (a given file constructs a module-level client there),
      the apps it runs in, read whole: their own clients are counted against it (PC103);
    - the workspace packages that a given file with an interactive transaction imports
      (`tx_imports`: root -> package names), read whole: the link follows the body's calls
      into their helpers (an S3 wrapper in `packages/filesystem`: PC201).
    Read from manifests and folder listings only (`WorkspaceMap`)."""
    wsmap = WorkspaceMap()
    packages: list[str] = []
    rule_roots: list[tuple[Workspace, str]] = []
    for root in roots:
        folder = os.path.abspath(root)
        ws = wsmap.of(folder)
        if ws is None:
            continue
        rule_roots.append((ws, folder))
        wanted = [d for d in ws.dependencies(folder) if ws.members[d].prisma]
        for name in sorted((tx_imports or {}).get(folder, ())):
            member = ws.by_name.get(name)
            if member is not None and member.folder != folder:
                wanted.append(member.folder)
                wanted += [d for d in ws.dependencies(member.folder) if ws.members[d].prisma]
        if folder in builds_client:
            wanted += ws.dependents(folder)
        for dep in wanted:
            if dep not in packages and not loaded(dep):
                packages.append(dep)
                rule_roots.append((ws, dep))
    files: list[Path] = []
    for ws, folder in rule_roots:
        for app in ws.dependents(folder):
            if not loaded(app):
                files.extend(p for p in deployment_files(app) if p not in files)
    return PartialContext([Path(p) for p in sorted(packages)], files, wsmap)




def partial_context_of_run(results, walked: list[str], finder) -> PartialContext:
    """`partial_context` for the given files' results (engine FileResults), where `walked`
    are the absolute folders the run reads whole already (its paths, its extra roots)."""
    roots = sorted({finder.root_of_file(r.found.path) for r in results if r.facts is not None})
    return partial_context(roots, lambda folder: any(_under(folder, w) for w in walked),
                           _client_roots(results, finder), _transaction_imports(results, finder))


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _transaction_imports(results, finder) -> dict[str, set[str]]:
    """root (absolute) -> the packages that given files with an interactive transaction
    import by name (the workspace's among them hold the helpers the body may call)."""
    out: dict[str, set[str]] = {}
    for r in results:
        facts = r.facts
        if facts is None or not any(True for _ in facts.of(Transaction)):
            continue
        specs = [i.specifier for i in facts.symbols.imports] if facts.symbols is not None \
            else list(facts.import_specs or ())
        names = {n for n in map(package_of_specifier, specs) if n}
        if names:
            out.setdefault(os.path.abspath(finder.root_of_file(r.found.path)), set()).update(names)
    return out


def _client_roots(results, finder) -> set[str]:
    """The project roots (absolute) of given files that construct a module-level client."""
    out = set()
    for r in results:
        if r.facts is not None and any(c.scope.kind.value in ("module", "factory") and c.kind == "prisma"
                                       for c in r.facts.of(ClientConstruction)):
            out.add(os.path.abspath(finder.root_of_file(r.found.path)))
    return out
