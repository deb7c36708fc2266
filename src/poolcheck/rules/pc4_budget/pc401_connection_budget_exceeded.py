"""PC401 connection-budget-exceeded: the deployment can open more connections than the
database allows (replicas × pool + reserved > max_connections)."""

from __future__ import annotations

from ...core.diagnostics import Related
from ..context import ProjectRuleContext
from ..helpers.budget import Term, default_pool, project_pool, workload_terms
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC401", "connection-budget-exceeded", W, True, "project",
                "The deployment can open more connections than the database allows",
                "Lower connection_limit, the replica count, or raise max_connections")


@rule(SPEC)
def connection_budget(ctx: ProjectRuleContext):
    project = ctx.project
    limit = project.max_connections
    if limit is None:
        return
    max_conn, mc_path, mc_span, mc_source = limit
    reserved = project.option("reserved-connections") or 0
    configured_replicas = project.option("replicas")
    code_pool = project_pool(project)
    terms = workload_terms(project, configured_replicas, code_pool)
    if not terms and configured_replicas is not None and mc_path is not None:
        pool, why = code_pool or default_pool(project, None)
        terms.append(Term("app", configured_replicas, "replica", pool, why, mc_path, mc_span))
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
