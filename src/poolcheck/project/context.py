"""Project contexts: one per project root, each seen by the project rules on its own.

Project roots are found by project.roots. A monorepo with apps/web and apps/api therefore gets two contexts (and
the repository top a third, for what sits beside the apps, such as infra/), and each file
belongs to exactly one of them.

A context knows the Prisma version and client kind, the frameworks in use, the
deployment targets, the datasource URLs and the connection numbers (replicas,
max_connections). Configuration overrides every inference (`serverless`, `runtime`,
`prisma-version`, `max-connections`, `replicas`, `cpus`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator, TypeVar

from ..config import Settings
from ..core.diagnostics import Span
from ..facts import (
    Autoscaler, ClientConstruction, DeploymentTarget, FileFacts, MaxConnections, PackageInfo,
    PoolerSetting, Trait, UrlLiteral, Workload,
)
from ..urlmodel import is_accelerate
from ..vocabulary.layout import path_role
from ..vocabulary.platforms import SERVERLESS_PLATFORMS
from . import reloads
from .aliases import ModuleLookups
from .deployments import runs_functions
from .roots import RootFinder


F = TypeVar("F")


@dataclass
class ProjectContext(ModuleLookups):   # alias_target, python_importers: the linker's resolvers
    root: Path
    settings: Settings
    files: list[FileFacts] = field(default_factory=list)
    # Every file of the run, this project's and its workspace neighbours' (a monorepo's
    # other packages): what imports this project's modules from outside it.
    workspace: list[FileFacts] = field(default_factory=list)
    # Memos of facts_of / workspace_facts_of by kind; `shared` is one dict for every
    # context of a run (build_contexts), so the workspace is scanned once per kind, not
    # once per project.
    _own: dict = field(default_factory=dict, repr=False, compare=False)
    shared: dict = field(default_factory=dict, repr=False, compare=False)
    # Every context of the run by root (build_contexts): the workspace packages' contexts.
    neighbours: dict = field(default_factory=dict, repr=False, compare=False)

    # --- facts ---------------------------------------------------------------------
    def facts_of(self, kind: type[F]) -> Iterator[tuple[FileFacts, F]]:
        """(file, fact) for every fact of `kind` in this project's files, in file order."""
        return iter(_pairs(self._own, self.files, kind))

    def workspace_facts_of(self, kind: type[F]) -> Iterator[tuple[FileFacts, F]]:
        """(file, fact) for every fact of `kind` in the workspace (this project's files when
        there is no workspace), in file order; computed once per kind for all contexts."""
        if not self.workspace:
            return self.facts_of(kind)
        return iter(_pairs(self.shared, self.workspace, kind))

    def option(self, key: str):
        return self.settings.option(key)

    # --- packages, Prisma, frameworks -------------------------------------------------
    @cached_property
    def dependencies(self) -> dict[str, str]:
        deps: dict[str, str] = {}
        for _, info in self.facts_of(PackageInfo):
            deps.update(info.dependencies)
        return deps

    @cached_property
    def scripts(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for _, info in self.facts_of(PackageInfo):
            out.update(info.scripts)
        return out

    @cached_property
    def prisma_version(self) -> int | None:
        """Prisma's major version, read the one way file rules read it too: config
        `prisma-version`, then package.json, then its lockfile (project.packages.prisma_version)."""
        from .packages import prisma_version

        return prisma_version(self.root, self.settings).major

    @cached_property
    def uses_adapter(self) -> bool:
        """A driver adapter reads the URL (the engine does not): Prisma 7, or this package's
        code builds an adapter (Prisma 6 with driverAdapters). An `@prisma/adapter-*`
        dependency alone says so only when the Prisma version is unknown: Prisma 6.14 with
        `@prisma/adapter-pg` 6.14 in package.json still runs the engine unless code uses it."""
        major = self.prisma_version
        if major is not None and major >= 7:
            return not self.is_python_client
        if any(c.kind == "adapter" for f, c in self.facts_of(ClientConstruction) if path_role(f.path) != "test"):
            return True
        return major is None and any(d.startswith("@prisma/adapter-") for d in self.dependencies)

    @cached_property
    def uses_accelerate(self) -> bool:
        if "@prisma/extension-accelerate" in self.dependencies:
            return True
        if any(c.accelerate for _, c in self.facts_of(ClientConstruction)):
            return True
        return any(is_accelerate(u.value)
                   for _, u in self.facts_of(UrlLiteral) if u.origin in ("schema", "env", "config"))

    @cached_property
    def is_python_client(self) -> bool:
        """prisma-client-py: a Python file constructs the client, or only Python manifests
        depend on `prisma`."""
        if any(f.language == "python" and any(True for _ in f.of(ClientConstruction)) for f in self.files):
            return True
        if "@prisma/client" in self.dependencies:
            return False
        return any(f.language in ("pyproject", "requirements") and
                   any("prisma" in dict(i.dependencies) for i in f.of(PackageInfo)) for f in self.files)

    @cached_property
    def client_kind(self) -> str | None:
        """"prisma-client-py", "accelerate", "driver-adapter", "engine" (Prisma <= 6), or None."""
        if self.is_python_client:
            return "prisma-client-py"
        if self.uses_accelerate:
            return "accelerate"
        if self.uses_adapter:
            return "driver-adapter"
        if "@prisma/client" in self.dependencies or "prisma" in self.dependencies or \
                any(True for _ in self.facts_of(ClientConstruction)):
            return "engine"
        return None

    @cached_property
    def frameworks(self) -> frozenset[str]:
        from .frameworks import frameworks_of

        return frameworks_of(self)

    # What re-evaluates this root's modules in development: its own dev server, or that of
    # an app depending on this workspace package (project.reloads).
    hot_reload = cached_property(lambda self: reloads.hot_reload(self))
    reloading_apps = cached_property(lambda self: reloads.reloading_apps(self))
    own_hot_reload = cached_property(lambda self: reloads.own_hot_reload(self.frameworks, self.scripts,
                                                                        self.dependencies))

    # --- deployment --------------------------------------------------------------------
    @cached_property
    def deployments(self) -> list[tuple[Path, DeploymentTarget]]:
        """This root's deployments; a workspace package with none of its own
        (`packages/database`) runs wherever the apps that depend on it, directly or through
        another package, are deployed (`apps/web` with vercel.json)."""
        from .deployments import inherited_deployments, own_deployments

        own = own_deployments(self.root, self.facts_of(DeploymentTarget))
        if own:
            return own
        ws = self.workspace_map.of(self.root)
        if ws is not None:
            dependents = ws.dependents(os.path.abspath(self.root))
        else:   # no workspace declared: the run's packages that name this one
            name = _package_name(self.root)
            dependents = {str(f.path.parent) for f, info in self.workspace_facts_of(PackageInfo)
                          if name and f.path.parent != self.root and info.version_of(name) is not None}
        return inherited_deployments(dependents, self.workspace_facts_of(DeploymentTarget))

    @property
    def workspace_map(self):
        """The run's project.workspace.WorkspaceMap (one for every context of a run)."""
        from .workspace import WorkspaceMap

        found = self.shared.get(_WORKSPACES)
        if found is None:
            found = self.shared[_WORKSPACES] = WorkspaceMap()
        return found

    @cached_property
    def runs_with(self) -> list:
        """The workspace packages (facts.PackageInProcess), in this run, that build a client
        and that this root depends on (directly or through another package): their
        module-level clients live in this root's process too (PC103)."""
        from ..facts import PackageInProcess
        from .workspace import package_entries, package_subpaths

        return [PackageInProcess(ws.members[folder].name, ctx.root, tuple(ctx.files),
                                 package_entries(folder), package_subpaths(folder))
                for ws, folder, ctx in self.member_contexts(dependents=False) if ws.members[folder].prisma]

    def member_contexts(self, dependents: bool) -> Iterator[tuple[object, str, "ProjectContext"]]:
        """(workspace, folder, context) of the run's other workspace members that this root
        depends on, or (`dependents`) that depend on it, directly or through another."""
        ws = self.workspace_map.of(self.root)
        if ws is None or not self.neighbours:
            return
        root = os.path.abspath(self.root)
        for folder in ws.dependents(root) if dependents else ws.dependencies(root):
            ctx = self.neighbours.get(Path(folder))
            if ctx is not None and ctx is not self:
                yield ws, folder, ctx

    @property
    def platforms(self) -> set[str]:
        return {t.platform for _, t in self.deployments}

    @cached_property
    def serverless(self) -> DeploymentTarget | None:
        """The serverless target that makes this project serverless, or None.

        Config `serverless = true` gives a synthetic target, `false` none at all."""
        configured = self.option("serverless")
        if configured is False:
            return None
        for path, t in self.deployments:
            if t.platform in SERVERLESS_PLATFORMS and runs_functions(path, t, self.files, self.frameworks):
                return t
        if configured is True:
            return DeploymentTarget("config", Span(1, 1, 1, 2), True, "serverless = true")
        return None

    @cached_property
    def serverless_path(self) -> Path | None:
        for path, t in self.deployments:
            if t is self.serverless:
                return path
        return None

    @cached_property
    def workers(self) -> bool:
        """Runs on Cloudflare Workers: config runtime, a wrangler file, or worker code."""
        runtime = self.option("runtime")
        if runtime not in (None, "auto"):
            return runtime == "workers"
        if "cloudflare-workers" in self.platforms:
            return True
        return any(t.name == "cloudflare-worker" for _, t in self.facts_of(Trait))

    # --- URLs and numbers --------------------------------------------------------------
    @cached_property
    def urls(self) -> list[tuple[Path, UrlLiteral]]:
        """Connection URLs from the schema, prisma.config, env files and manifests."""
        return [(f.path, u) for f, u in self.facts_of(UrlLiteral)
                if u.origin in ("schema", "env", "config", "deploy")]

    @cached_property
    def schema_env_vars(self) -> dict[str, str]:
        """Env variables the schema's datasource reads: name -> role ("url", "directUrl",
        "shadowDatabaseUrl"), from the schema front-end's models["schema"]."""
        out: dict[str, str] = {}
        for f in self.files:
            model = f.models.get("schema")
            for ds in getattr(model, "datasources", ()) or ():
                for u in getattr(ds, "urls", ()):
                    if getattr(u, "env_var", None):
                        out.setdefault(u.env_var, u.role)
        return out

    @cached_property
    def prisma_config(self):
        """The root's prisma.config.ts (facts.PrismaConfig) as its front-end read it, the
        editor's unsaved buffer included: the first of vocabulary.kinds.PRISMA_CONFIG_NAMES
        present, the order Prisma's CLI looks in."""
        from ..vocabulary.kinds import PRISMA_CONFIG_NAMES

        found = {}
        for f in self.files:
            if f.prisma_config is None:
                continue
            try:
                rel = Path(os.path.abspath(f.path)).relative_to(os.path.abspath(self.root)).as_posix()
            except ValueError:
                continue
            found.setdefault(rel, f.prisma_config)
        return next((found[name] for name in PRISMA_CONFIG_NAMES if name in found), None)

    # The env files as rules read them (facts.ProjectView): rules never import project.env.
    @cached_property
    def has_env_files(self) -> bool:
        return any(f.language == "dotenv" for f in self.files)

    @cached_property
    def env_names(self) -> set[str]:
        from .env import defined_env_names

        return defined_env_names(self.files)

    @cached_property
    def env_set_by_app(self) -> set[str]:
        """The variables the app sets for its own process, outside its tests: in code
        (`process.env.X = ...`), in its Dockerfile (`ENV X`) and in its services' and
        functions' `environment` (compose, Kubernetes, serverless.yml)."""
        names = {name for f in self.files if f.env_set and path_role(f.path) != "test" for name in f.env_set}
        return names.union(*({k for k, _, _ in w.env} | set(w.env_refs) for _, w in self.workloads if w.role == "app"))

    def resolve_env(self, name: str, near: Path | None = None):
        """The value env("NAME") gets (project.env.Resolved), Prisma's way: the env file
        next to `near` (the schema) first; None when no env file defines it."""
        from .env import resolve_env

        return resolve_env(name, self.files, near)

    @cached_property
    def workloads(self) -> list[tuple[Path, Workload]]:
        return [(f.path, w) for f, w in self.facts_of(Workload)]

    @cached_property
    def autoscalers(self) -> list[tuple[Path, Autoscaler]]:
        return [(f.path, a) for f, a in self.facts_of(Autoscaler)]

    @cached_property
    def max_connections(self) -> tuple[int, Path | None, Span | None, str] | None:
        """(value, path, span, source): config `max-connections` wins over files."""
        configured = self.option("max-connections")
        if configured is not None:
            return configured, None, None, "config max-connections"
        for f, m in self.facts_of(MaxConnections):
            return m.value, f.path, m.span, m.source
        return None

    @cached_property
    def pooler_settings(self) -> list[tuple[Path, PoolerSetting]]:
        return [(f.path, s) for f, s in self.facts_of(PoolerSetting)]


_BY_TYPE = object()  # the memo's key for its index of facts by concrete type
_WORKSPACES = object()  # the shared memo's key for the run's WorkspaceMap


def _pairs(memo: dict, files: list[FileFacts], kind) -> list:
    """(file, fact) for every fact of `kind` (a type or a tuple of types) in `files`, in
    file order, memoised in `memo` while the list of files keeps its length (contexts are
    filled, then read). One pass over the files indexes every fact by its concrete type;
    a kind is then the index's lists for its subclasses, merged back into file order."""
    hit = memo.get(kind)
    if hit is not None and hit[0] == len(files):
        return hit[1]
    index = memo.get(_BY_TYPE)
    if index is None or index[0] != len(files):
        by_type: dict[type, list] = {}
        n = 0
        for f in files:
            for fact in f.facts:
                by_type.setdefault(type(fact), []).append((n, f, fact))
                n += 1
        index = memo[_BY_TYPE] = (len(files), by_type)
    lists = [found for t, found in index[1].items() if issubclass(t, kind)]
    if len(lists) == 1:
        pairs = [(f, fact) for _, f, fact in lists[0]]
    else:
        pairs = [(f, fact) for _, f, fact in sorted((e for found in lists for e in found), key=_first)]
    memo[kind] = (len(files), pairs)
    return pairs


def _first(entry: tuple) -> int:
    return entry[0]


def _package_name(root: Path) -> str | None:
    """The `name` of the package.json at a project root (None without one)."""
    from .packages import read_json

    name = read_json(root / "package.json").get("name")
    return name if isinstance(name, str) else None


def build_contexts(files: Iterable[FileFacts], settings: Settings,
                   finder: RootFinder | None = None, workspaces=None) -> list[ProjectContext]:
    """Group every file's facts by project root: one context per root, in root order.
    `workspaces`: the run's project.workspace.WorkspaceMap when it has one already."""
    finder = finder or RootFinder(settings.root)
    by_root: dict[Path, ProjectContext] = {}
    everything: list[FileFacts] = []
    shared: dict = {} if workspaces is None else {_WORKSPACES: workspaces}
    for facts in files:
        root = finder.root_of_file(facts.path)
        ctx = by_root.get(root)
        if ctx is None:
            ctx = by_root[root] = ProjectContext(root=root, settings=settings, workspace=everything,
                                                 shared=shared, neighbours=by_root)
        ctx.files.append(facts)
        everything.append(facts)
    return [by_root[r] for r in sorted(by_root)]
