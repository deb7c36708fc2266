"""PC403 pooler-pool-exceeds-database: a PgBouncer pool larger than the database's max_connections."""

from __future__ import annotations

import re
from pathlib import Path

from ...core.diagnostics import Related, Span
from ...facts import PoolerSetting
from ..context import ProjectRuleContext
from ..helpers.numbers import as_int
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC403", "pooler-pool-exceeds-database", W, True, "project",
                "A PgBouncer pool larger than the database's max_connections",
                "Lower default_pool_size + reserve_pool_size below max_connections")


PGBOUNCER_DEFAULT_POOL_SIZE = 20


@rule(SPEC)
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
        size = as_int(size_entry[0]) if size_entry else PGBOUNCER_DEFAULT_POOL_SIZE
        if size is None:
            continue
        reserve = as_int(values.get("reserve_pool_size", ("0",))[0]) or 0
        cap = as_int(values.get("max_db_connections", ("0",))[0]) or 0
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
