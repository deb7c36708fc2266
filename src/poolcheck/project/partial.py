"""What a run that covers part of a workspace (pre-commit, an editor, `poolcheck apps/web`)
reads beyond its own project roots, decided from manifests (project.workspace) and the
given files' facts: never the whole workspace."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core import safeio
from ..facts import ClientConstruction, PendingTransaction, Transaction
from ..vocabulary.kinds import PROJECT_FILES
from ..vocabulary.layout import path_role
from ..vocabulary.slow import SLOW_LIBRARIES, known_slow
from .deployments import DEPLOY_KINDS, deployment_files
from .roots import is_under
from .workspace import Workspace, WorkspaceMap

# Import prefixes of SDKs whose clients' calls leave the process (AWS SDK v3 commands).
_SLOW_PREFIXES = ("@aws-sdk/",)
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
    # apps read for the files that name one of these packages (their project rules run too)
    naming: dict[Path, tuple[str, ...]] = field(default_factory=dict)   # app -> import texts
    loaded: object = None         # folder -> whether the run reads it already (partial_context's)
    _deploy_given: bool | None = None

    @property
    def empty(self) -> bool:
        return not (self.packages or self.files or self.naming)

    @property
    def rule_folders(self) -> list[Path]:
        return [*self.packages, *self.naming]

    def transaction_packages(self, results, finder) -> list[Path]:
        """The workspace packages that the app files read for their imports (`naming`)
        import from a transaction's file: read whole too, so the link sees every helper
        such a body calls and the finding's chain is the full run's (linkwarden's
        deleteCollectionById reaches both S3 and Meilisearch)."""
        imports = _transaction_imports(results, finder)
        out: list[Path] = []
        for root, names in sorted(imports.items()):
            ws = self.map.of(root)
            for name in sorted(names):
                member = ws.by_name.get(name) if ws is not None else None
                if member is None or self.loaded(member.folder) or Path(member.folder) in self.packages \
                        or Path(member.folder) in out:
                    continue
                out.append(Path(member.folder))
        return out

    def names_a_package(self, found, names: tuple[str, ...]) -> bool:
        """Whether a file of an app read for its importers is one: its package.json, or a
        code file whose bytes hold one of `names` (`_import_needles`: the import that
        brings the given module into the app, by the package's name or the module's
        subpath: the app's transaction calling the helper, its modules loading the client)."""
        if found.kind == "package-json":
            return True
        if found.kind not in _LINKED_KINDS:
            return False
        try:
            data = safeio.read_bytes(found.path)
        except OSError:
            return False
        return any(n.encode() in data for n in names)

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


def partial_context(roots, loaded, reads_dependents=None, tx_imports=None) -> PartialContext:
    """The workspace context of project `roots` whose files a run checks, where
    `loaded(folder)` says a folder is read already (walked, or a root read for context):
    - the workspace packages each root depends on that build a client (the shared
      client of `packages/database`, for the link and for PC103's count per process);
    - the deployment files of every app those roots and packages run in (PC303, ...);
    - for the given files of a root in `reads_dependents` (root -> (file, whether it
      constructs a module-level client) for files that do, or that may be the far end of
      a cross-module finding: `_may_be_far_end`), the files of the apps it runs in that import them, by the
      package's name or their subpath (`naming`): their own clients are counted against
      it (PC103), their transactions reach its helpers (PC201, PC202);
    - the workspace packages that a given file with an interactive transaction imports
      (`tx_imports`: root -> package names), read whole: the link follows the body's calls
      into their helpers (an S3 wrapper in `packages/filesystem`: PC201).
    Read from manifests and folder listings only (`WorkspaceMap`).

    `reads_dependents` and `tx_imports` may be given as functions returning the mapping:
    each is then called only when some folder it could add is not read already (a run of
    the whole workspace never calls them: they look at every import of every file)."""
    wsmap = WorkspaceMap()
    reads_dependents = _on_demand(reads_dependents)
    tx_imports = _on_demand(tx_imports)
    packages: list[str] = []
    naming: dict[str, set[str]] = {}
    rule_roots: list[tuple[Workspace, str]] = []
    for root in roots:
        folder = os.path.abspath(root)
        ws = wsmap.of(folder)
        if ws is None:
            continue
        rule_roots.append((ws, folder))
        wanted = [d for d in ws.dependencies(folder) if ws.members[d].prisma]
        # what a transaction imports adds only members that are not read already
        every_member_read = all(loaded(m) for m in ws.members)
        for name in sorted(tx_imports().get(folder, ())) if not every_member_read else ():
            member = ws.by_name.get(name)
            if member is not None and member.folder != folder:
                wanted.append(member.folder)
                wanted += [d for d in ws.dependencies(member.folder) if ws.members[d].prisma]
        member = ws.members.get(folder)   # None: a workspace root with no name (no importers)
        unread = [app for app in ws.dependents(folder) if not loaded(app)] if member is not None else []
        for given, client in sorted(reads_dependents().get(folder, ())) if unread else ():
            needles = _import_needles(member.name, folder, given, client)
            for app in unread:
                naming.setdefault(app, set()).update(needles)
        for dep in wanted:
            if dep not in packages and not loaded(dep):
                packages.append(dep)
                rule_roots.append((ws, dep))
    files: list[Path] = []
    for ws, folder in rule_roots:
        for app in ws.dependents(folder):
            if not loaded(app):
                files.extend(p for p in deployment_files(app) if p not in files)
    naming = {app: names for app, names in naming.items() if app not in packages}
    return PartialContext([Path(p) for p in sorted(packages)], files, wsmap,
                          {Path(app): tuple(sorted(naming[app])) for app in sorted(naming)}, loaded)



def _on_demand(mapping):
    """A function giving `mapping` (computed on the first call when it is one itself)."""
    if not callable(mapping):
        return lambda: mapping or {}
    return functools.cache(lambda: mapping() or {})


_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")


# What an app's own module-level client is written with, whatever it imports it from.
_CONSTRUCTION_NEEDLES = ("new PrismaClient",)


def _import_needles(name: str, folder: str, given: str, client: bool = False) -> set[str]:
    """What an importer of the module `given` of package `name` (at `folder`) writes: the
    package's bare name in quotes (its entry), or the module's own subpath after it. For
    a client module, any import from the package and any construction of a client: the
    app's own clients are what PC103 counts against it."""
    if client:
        return {f"{q}{name}" for q in "'\"`"} | set(_CONSTRUCTION_NEEDLES)
    rel = os.path.relpath(given, folder).replace(os.sep, "/")
    for suffix in _SUFFIXES:
        if rel.endswith(suffix):
            rel = rel[: -len(suffix)]
            break
    rel = rel.removesuffix("/index").removesuffix("index")
    out = {f"{q}{name}{q}" for q in "'\"`"}
    if rel:
        out |= {f"{q}{name}/{rel}" for q in "'\"`"}
    return out


def partial_context_of_run(results, walked: list[str], finder) -> PartialContext:
    """`partial_context` for the given files' results (engine FileResults), where `walked`
    are the absolute folders the run reads whole already (its paths, its extra roots)."""
    roots = sorted({finder.root_of_file(r.found.path) for r in results if r.facts is not None})
    return partial_context(roots, lambda folder: any(is_under(folder, w) for w in walked),
                           lambda: _reading_dependents(results, finder),
                           lambda: _transaction_imports(results, finder))


def _transaction_imports(results, finder) -> dict[str, set[str]]:
    """root (absolute) -> the packages that given files with an interactive transaction
    import by name (the workspace's among them hold the helpers the body may call)."""
    out: dict[str, set[str]] = {}
    for r in results:
        facts = r.facts
        if facts is None or not any(True for _ in facts.of((Transaction, PendingTransaction))):
            continue
        specs = [i.specifier for i in facts.symbols.imports] if facts.symbols is not None \
            else list(facts.import_specs or ())
        names = {n for n in map(package_of_specifier, specs) if n}
        if names:
            out.setdefault(os.path.abspath(finder.root_of_file(r.found.path)), set()).update(names)
    return out


def _reading_dependents(results, finder) -> dict[str, set[str]]:
    """root (absolute) -> its given files whose importers in other packages are read: a
    module-level client (the other apps' clients are PC103's against it), or a possible far
    end of another package's cross-module finding (`_may_be_far_end`). A pure helper's
    root reads nothing more."""
    out: dict[str, set[str]] = {}
    for r in results:
        facts = r.facts
        if facts is None:
            continue
        client = any(c.scope.kind.value in ("module", "factory") and c.kind == "prisma"
                     for c in facts.of(ClientConstruction))
        if client or _may_be_far_end(facts):
            root = os.path.abspath(finder.root_of_file(r.found.path))
            out.setdefault(root, set()).add((os.path.abspath(r.found.path), client))
    return out


@functools.lru_cache(maxsize=None)
def _slow_specifier(spec: str) -> bool:
    """`spec` imports a known slow library (or a subpath of one). Memoised: a run asks for
    every import of every file (trigger.dev: 1.2 million comparisons against the list)
    and a project imports far fewer distinct specifiers."""
    return any(spec == s or spec.startswith(s if s.endswith("/") else s + "/")
               for s in tuple(SLOW_LIBRARIES["npm"]) + _SLOW_PREFIXES)


def _may_be_far_end(facts) -> bool:
    """A function that calls a known slow library (an S3 wrapper, a mailer), queries an
    outer client, or builds or connects a client: by its functions' effects and calls when
    it was parsed, else (the prefilter passed it over: no client in it) by the imports its
    byte scan found."""
    symbols = facts.symbols
    specs = [i.specifier for i in symbols.imports] if symbols is not None else list(facts.import_specs or ())
    if any(map(_slow_specifier, specs)):
        return True
    for f in symbols.functions if symbols is not None else ():
        e = f.effects
        if e.outer_queries or e.constructs or e.lifecycle:
            return True
        for c in f.calls:
            ref = c.callee
            name = ref.external or (ref.target if ref.kind == "unknown" else "")
            if name and known_slow(name, SLOW_LIBRARIES["npm"] + SLOW_LIBRARIES["pypi"]):
                return True
    return False
