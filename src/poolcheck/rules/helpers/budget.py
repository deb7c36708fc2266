"""The terms of a connection budget (PC401): who connects, how many copies, what pool."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...core.diagnostics import Span
from ...facts import ClientConstruction, Workload
from .numbers import as_int, plural
from .urls import DB_URL_NAME, connection_limit, through_pooler

PG_POOL_DEFAULT = 10  # node-postgres `max`


@dataclass
class Term:
    label: str           # "api"
    instances: int
    unit: str            # "replica", "concurrent execution"
    pool: int
    pool_why: str        # "connection_limit=10 in DATABASE_URL", "default pool (1 CPU × 2 + 1)"
    path: Path
    span: Span

    @property
    def total(self) -> int:
        return self.instances * self.pool

    def text(self, named: bool) -> str:
        prefix = f"{self.label}: " if named else ""
        return f"{prefix}{plural(self.instances, self.unit)} × {self.pool}"


def workload_url(w: Workload) -> str | None:
    for key, value, _ in w.env:
        if DB_URL_NAME.fullmatch(key) or value.lower().startswith(("postgres://", "postgresql://", "mysql://")):
            if "://" in value:
                return value
    return None


def uses_database(w: Workload) -> bool:
    if w.role != "app":
        return False
    if workload_url(w):
        return True
    return any(DB_URL_NAME.fullmatch(r) for r in w.env_refs) or w.platform == "aws-lambda"


def project_pool(project) -> tuple[int, str] | None:
    """Pool size stated in the project's code or datasource URLs (not manifests)."""
    sizes = []
    for f, c in project.facts_of(ClientConstruction):
        if c.kind in ("pool", "adapter"):
            n = as_int(c.option("max"))
            if n:
                sizes.append((n, f"`max: {n}` in {f.path.name}"))
    for path, u in project.urls:
        if u.origin == "deploy":
            continue
        n = connection_limit(u.value)
        if n:
            sizes.append((n, f"connection_limit={n} in {path.name}"))
    return max(sizes) if sizes else None


def default_pool(project, cpus: float | None) -> tuple[int, str]:
    if project.client_kind == "driver-adapter":
        return PG_POOL_DEFAULT, f"pg Pool default max {PG_POOL_DEFAULT}"
    configured = project.option("cpus")
    n = configured or max(1, int(cpus or 1))
    return n * 2 + 1, f"default pool {plural(n, 'CPU')} × 2 + 1"


def workload_terms(project, configured_replicas: int | None, code_pool: tuple[int, str] | None) -> list[Term]:
    """One term per workload that connects to the database itself (not through a pooler):
    its instances (replicas, the autoscaler's maximum, or the configured count) × its pool."""
    pooler_hosts = {w.name for _, w in project.workloads if w.role == "pooler"}
    hpa = {(a.target_kind, a.target_name): (p, a) for p, a in project.autoscalers}
    terms: list[Term] = []
    for path, w in project.workloads:
        if not uses_database(w):
            continue
        url = workload_url(w)
        if url and through_pooler(url, pooler_hosts):
            continue  # the pooler's own pool is what reaches the database (PC403)
        if w.platform == "aws-lambda" and w.replicas is None and configured_replicas is None:
            continue  # unbounded concurrency is PC303's finding
        instances, span, anchor, unit = 1, w.span, path, "replica"
        if w.platform == "aws-lambda":
            unit = "concurrent execution"
        if w.replicas is not None:
            instances, span = w.replicas, w.replicas_span or w.span
        scaled = hpa.get((w.kind, w.name))
        if scaled is not None:
            anchor, a = scaled
            instances, span = a.max_replicas, a.max_span
        if configured_replicas is not None:
            instances = configured_replicas
        n = connection_limit(url) if url else None
        if n:
            pool, why = n, f"connection_limit={n}"
        elif code_pool:
            pool, why = code_pool
        else:
            pool, why = default_pool(project, w.cpus)
        terms.append(Term(w.name, instances, unit, pool, why, anchor, span))
    return terms
