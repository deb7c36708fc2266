"""What rules see of the settings, the package and the project: Protocols, so rules type against facts and never import the config or project loaders (tests/test_layering.py)."""

from __future__ import annotations

from pathlib import Path
from dataclasses import dataclass
from typing import Iterator, Protocol

from ..core.diagnostics import Span
from .config import PrismaConfig
from .deploy import Autoscaler, DeploymentTarget, PoolerSetting, Workload
from .file import F, FileFacts
from .urls import UrlLiteral


# What rules see of the settings and of the project: Protocols, so that rules type against
# facts and never import the config loader or the project loader (tests/test_layering.py).
# `config.Settings` and `project.ProjectContext` implement them.

class SettingsView(Protocol):
    def option(self, key: str): ...


class PackageView(Protocol):
    """The package a file belongs to, as file rules read it (project.packages.FilePackage,
    computed on first use by the engine: rules never read package.json or lockfiles)."""

    @property
    def engine_reads_url_params(self) -> bool: ...  # Prisma's engine reads ?pgbouncer=, ?connection_limit=


@dataclass(frozen=True)
class PackageInProcess:
    """A workspace package whose modules run in a project's process (the project depends
    on it, directly or through another package, and it builds a client): ProjectView.runs_with."""

    name: str                           # its package.json name (`@acme/db`)
    root: Path                          # its project root
    files: tuple[FileFacts, ...]        # its files of the run
    entries: tuple[str, ...]            # what `import from "<name>"` loads: absolute posix
                                        # paths without source suffix (exports/main/index)
    # package.json `exports` subpaths ("client", "*") -> their targets as entries are
    # written; None: no `exports` field (any module may be imported by its path)
    subpaths: tuple[tuple[str, tuple[str, ...]], ...] | None = None


class ProjectView(Protocol):
    """One project root as project rules read it (project.ProjectContext, lazily)."""

    root: Path
    files: list[FileFacts]
    workspace: list[FileFacts]           # every file of the run (monorepo neighbours)
    runs_with: list[PackageInProcess]    # the client-building workspace packages it depends on

    def option(self, key: str): ...
    def facts_of(self, kind: type[F]) -> Iterator[tuple[FileFacts, F]]: ...
    def workspace_facts_of(self, kind: type[F]) -> Iterator[tuple[FileFacts, F]]: ...  # over `workspace`

    prisma_version: int | None           # the major version
    uses_adapter: bool
    is_python_client: bool
    client_kind: str | None              # "driver-adapter" | ...
    hot_reload: str | None               # the dev server that re-evaluates modules
    own_hot_reload: str | None           # ... read from this root's own package.json
    reloading_apps: list                 # (app view, label): apps depending on this package with a dev server
    serverless: DeploymentTarget | None
    serverless_path: Path | None
    workers: bool
    urls: list[tuple[Path, UrlLiteral]]
    schema_env_vars: dict[str, str]
    workloads: list[tuple[Path, Workload]]
    autoscalers: list[tuple[Path, Autoscaler]]
    max_connections: tuple[int, Path | None, Span | None, str] | None
    pooler_settings: list[tuple[Path, PoolerSetting]]
    has_env_files: bool
    env_names: set[str]                  # every name an env file of the project defines (or shows commented)
    env_set_by_app: set[str]             # every name the app sets: its code (not tests), Dockerfile ENV/ARG, services' environment

    def resolve_env(self, name: str, near: Path | None = None): ...  # -> .name .value .path .span, or None
    def alias_target(self, importer: Path, spec: str, among: list[Path]) -> Path | None: ...  # tsconfig paths
    def python_importers(self, among: list[Path]) -> dict[Path, list[FileFacts]]: ...  # each module's Python importers

    prisma_config: PrismaConfig | None   # the root's prisma.config.ts, as its front-end read it
