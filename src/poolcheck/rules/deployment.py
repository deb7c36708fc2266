"""PC1xx/PC3xx/PC4xx rules that need the deployment: platforms, replicas, poolers.

They read the project context (poolcheck.project): one per project root, so in a
monorepo every app is judged by its own platform and its own files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from ..diagnostics import Related, Span
from ..facts import ClientConstruction, PoolerSetting, Workload
from . import FileRuleContext, ProjectRuleContext, file_rule, project_rule

DB_URL_NAME = re.compile(r"(DATABASE|DB|POSTGRES|PG|MYSQL)\w*_?URL|DATABASE_URL|DIRECT_URL", re.I)
PG_POOL_DEFAULT = 10  # node-postgres `max`


# --- URL helpers ---------------------------------------------------------------------

def url_params(url: str) -> dict[str, str]:
    try:
        return {k: v for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
    except ValueError:
        return {}


def url_host_port(url: str) -> tuple[str, int | None]:
    try:
        parts = urlsplit(url)
        return (parts.hostname or ""), parts.port
    except ValueError:
        return "", None


def looks_pooled(url: str, pooler_hosts: set[str] = frozenset()) -> bool:
    host, port = url_host_port(url)
    params = url_params(url)
    return (params.get("pgbouncer") == "true" or port in (6432, 6543) or "pgbouncer" in host
            or "pooler" in host or host in pooler_hosts)


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- PC401 ---------------------------------------------------------------------------

@dataclass
class _Term:
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
        return f"{prefix}{_plural(self.instances, self.unit)} × {self.pool}"


def _workload_url(w: Workload) -> str | None:
    for key, value, _ in w.env:
        if DB_URL_NAME.fullmatch(key) or value.lower().startswith(("postgres://", "postgresql://", "mysql://")):
            if "://" in value:
                return value
    return None


def _uses_database(w: Workload) -> bool:
    if w.role != "app":
        return False
    if _workload_url(w):
        return True
    return any(DB_URL_NAME.fullmatch(r) for r in w.env_refs) or w.platform == "aws-lambda"


def _project_pool(project) -> tuple[int, str] | None:
    """Pool size stated in the project's code or datasource URLs (not manifests)."""
    sizes = []
    for f, c in project.facts_of(ClientConstruction):
        if c.kind in ("pool", "adapter"):
            n = _int(c.option("max"))
            if n:
                sizes.append((n, f"`max: {n}` in {f.path.name}"))
    for path, u in project.urls:
        if u.origin == "deploy":
            continue
        n = _int(url_params(u.value).get("connection_limit"))
        if n:
            sizes.append((n, f"connection_limit={n} in {path.name}"))
    return max(sizes) if sizes else None


def _default_pool(project, cpus: float | None) -> tuple[int, str]:
    if project.client_kind == "driver-adapter":
        return PG_POOL_DEFAULT, f"pg Pool default max {PG_POOL_DEFAULT}"
    configured = project.option("cpus")
    n = configured or max(1, int(cpus or 1))
    return n * 2 + 1, f"default pool {_plural(n, 'CPU')} × 2 + 1"


@project_rule("PC401")
def connection_budget(ctx: ProjectRuleContext):
    project = ctx.project
    limit = project.max_connections
    if limit is None:
        return
    max_conn, mc_path, mc_span, mc_source = limit
    reserved = project.option("reserved-connections") or 0
    configured_replicas = project.option("replicas")
    pooler_hosts = {w.name for _, w in project.workloads if w.role == "pooler"}
    hpa = {(a.target_kind, a.target_name): (p, a) for p, a in project.autoscalers}
    code_pool = _project_pool(project)

    terms: list[_Term] = []
    for path, w in project.workloads:
        if not _uses_database(w):
            continue
        url = _workload_url(w)
        if url and looks_pooled(url, pooler_hosts):
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
        n = _int(url_params(url).get("connection_limit")) if url else None
        if n:
            pool, why = n, f"connection_limit={n}"
        elif code_pool:
            pool, why = code_pool
        else:
            pool, why = _default_pool(project, w.cpus)
        terms.append(_Term(w.name, instances, unit, pool, why, anchor, span))

    if not terms and configured_replicas is not None and mc_path is not None:
        pool, why = code_pool or _default_pool(project, None)
        terms.append(_Term("app", configured_replicas, "replica", pool, why, mc_path, mc_span))
    if not terms:
        return
    total = sum(t.total for t in terms) + reserved
    if total <= max_conn:
        return
    named = len(terms) > 1
    arithmetic = " + ".join(t.text(named) for t in terms)
    arithmetic += f" + {reserved} reserved = {total} > max_connections {max_conn}"
    worst = max(terms, key=lambda t: t.total)
    pools = "; ".join(f"{t.label}: {t.pool_why}" for t in terms)
    where = "" if named else f" ({worst.label})"
    related = []
    if mc_path is not None:
        related.append(Related(mc_path, mc_span, f"max_connections {max_conn} ({mc_source})"))
    yield ctx.report(
        worst.path, worst.span,
        f"connection budget exceeded{where}: {arithmetic} (pool sizes: {pools}); lower the pool "
        f"size or the instance count, put a pooler in front, or raise max_connections",
        related)


# --- PC402 ---------------------------------------------------------------------------

@file_rule("PC402")
def pgbouncer_statement_mode(ctx: FileRuleContext):
    for s in ctx.facts.of(PoolerSetting):
        if s.section == "pgbouncer" and s.key == "pool_mode" and s.value.strip().lower() == "statement":
            where = "pool_mode = statement" if s.source == "pgbouncer.ini" else "pool mode `statement`"
            yield ctx.report(
                s.span,
                f"PgBouncer {where}: the server connection goes back to the pool after every "
                f"statement, so Prisma's transactions and multi-statement queries break; use "
                f"pool_mode = transaction (with pgbouncer=true in the URL) or session")


# --- PC403 ---------------------------------------------------------------------------

PGBOUNCER_DEFAULT_POOL_SIZE = 20


@project_rule("PC403")
def pooler_pool_exceeds_database(ctx: ProjectRuleContext):
    project = ctx.project
    limit = project.max_connections
    settings = [(p, s) for p, s in project.pooler_settings]
    if limit is None or not settings:
        return
    max_conn, mc_path, mc_span, mc_source = limit
    reserved = project.option("reserved-connections") or 0
    allowed = max_conn - reserved
    # One pooler per file (a pgbouncer.ini, or a pooler service's environment).
    by_file: dict[Path, dict[str, tuple[str, Span]]] = {}
    databases: list[tuple[Path, PoolerSetting]] = []
    for path, s in settings:
        if s.section == "pgbouncer":
            by_file.setdefault(path, {})[s.key] = (s.value, s.span)
        elif s.section == "databases":
            databases.append((path, s))
    related = [Related(mc_path, mc_span, f"max_connections {max_conn} ({mc_source})")] if mc_path else []
    for path, values in by_file.items():
        size_entry = values.get("default_pool_size")
        size = _int(size_entry[0]) if size_entry else PGBOUNCER_DEFAULT_POOL_SIZE
        if size is None:
            continue
        reserve = _int(values.get("reserve_pool_size", ("0",))[0]) or 0
        cap = _int(values.get("max_db_connections", ("0",))[0]) or 0
        per_pair = size + reserve
        if cap and cap <= allowed:
            continue
        if per_pair > allowed:
            anchor = size_entry[1] if size_entry else next(iter(values.values()))[1]
            parts = f"default_pool_size {size}" + ("" if size_entry else " (PgBouncer's default)")
            if reserve:
                parts += f" + reserve_pool_size {reserve} = {per_pair}"
            yield ctx.report(
                path, anchor,
                f"PgBouncer may open {parts} server connections per database/user pair, but "
                f"max_connections {max_conn} − {reserved} reserved leaves {allowed}; lower "
                f"default_pool_size or set max_db_connections",
                related)
    for path, s in databases:
        m = re.search(r"\bpool_size\s*=\s*(\d+)", s.value)
        if m and int(m[1]) > allowed:
            yield ctx.report(
                path, s.span,
                f"PgBouncer database {s.key!r} has pool_size {m[1]}, but max_connections "
                f"{max_conn} − {reserved} reserved leaves {allowed}",
                related)
