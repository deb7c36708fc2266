"""Project facts: deployment files and package manifests (frontends/deploy/)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.diagnostics import Span


# Project facts: deployment files and package manifests (frontends/deploy.py).

@dataclass(frozen=True)
class DeploymentTarget:
    """A deployment file or folder: where the project runs.

    platform: "vercel", "netlify", "serverless-framework", "aws-sam", "sst",
    "cloudflare-workers", "docker", "docker-compose", "kubernetes".
    """

    platform: str
    span: Span
    serverless: bool
    detail: str = ""


@dataclass(frozen=True)
class Workload:
    """Something that runs copies of a program: a compose service, a Kubernetes
    Deployment/StatefulSet, a Lambda function. `env` holds literal environment values
    (raw: may hold secrets, never print them); `env_refs` names variables set from
    secrets, files or interpolation, whose value is not in the manifest."""

    name: str
    span: Span
    platform: str                  # "docker-compose" | "kubernetes" | "aws-lambda"
    kind: str                      # "service" | "Deployment" | "StatefulSet" | "function"
    role: str = "app"              # "app" | "database" | "pooler"
    replicas: int | None = None    # None: not stated (1 for compose/k8s)
    replicas_span: Span | None = None
    replicas_source: str = ""      # "deploy.replicas", "replicas", "reservedConcurrency", ...
    cpus: float | None = None
    image: str | None = None
    env: tuple[tuple[str, str, Span], ...] = ()
    env_refs: tuple[str, ...] = ()
    # For functions: the handler's module, relative to the manifest's folder and without
    # its extension ("handlers/users" for `handler: handlers/users.handler`).
    entry: str = ""

    def env_value(self, name: str) -> str | None:
        for key, value, _ in self.env:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class Autoscaler:
    """A Kubernetes HorizontalPodAutoscaler: the most replicas a workload can reach."""

    span: Span
    target_kind: str
    target_name: str
    max_replicas: int
    max_span: Span


@dataclass(frozen=True)
class MaxConnections:
    """The database's max_connections: compose `postgres -c max_connections=N`, a
    postgresql.conf line, a Kubernetes container arg."""

    value: int
    span: Span
    source: str


@dataclass(frozen=True)
class PoolerSetting:
    """One PgBouncer setting (pgbouncer.ini, or PGBOUNCER_* / POOL_MODE env of a
    pgbouncer image). key is the pgbouncer.ini name, lower case: "pool_mode",
    "default_pool_size", "reserve_pool_size", "max_db_connections", ..."""

    key: str
    value: str
    span: Span
    section: str = "pgbouncer"
    source: str = "pgbouncer.ini"


@dataclass(frozen=True)
class PackageInfo:
    """What package.json / pyproject.toml say: dependencies with their version specs,
    and the scripts (npm) by name."""

    span: Span
    dependencies: tuple[tuple[str, str], ...] = ()
    scripts: tuple[tuple[str, str], ...] = ()

    def version_of(self, name: str) -> str | None:
        return dict(self.dependencies).get(name)
