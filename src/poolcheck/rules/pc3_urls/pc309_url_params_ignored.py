"""PC309 url-params-ignored: pool parameters in a URL that a driver adapter or Accelerate ignores."""

from __future__ import annotations

from ...facts import UrlLiteral, UrlQueryInCode
from ...urlmodel import is_accelerate, parse_url, pool_params
from ..context import ProjectRuleContext
from ..helpers.urls import query_literal
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC309", "url-params-ignored", W, True, "project",
                "Pool parameters in a URL that a driver adapter or Accelerate ignores",
                "Configure the driver's pool (max, connectionTimeoutMillis) instead")


@rule(SPEC)
def url_params_ignored(ctx: ProjectRuleContext):
    project = ctx.project
    adapter = project.uses_adapter and not project.is_python_client
    seen: set[tuple] = set()
    for path, u in [*project.urls, *((f.path, u) for f, u in project.facts_of(UrlLiteral) if u.origin == "code"),
                    *((f.path, query_literal(q)) for f, q in project.facts_of(UrlQueryInCode))]:
        key = (path, u.span)
        if key in seen or u.origin == "deploy":
            continue
        seen.add(key)
        accelerate = is_accelerate(u.value)
        if not (adapter or accelerate):
            continue
        params = list(dict.fromkeys(p.key for p in pool_params(parse_url(u.value))))
        if not params:
            continue
        listed = " and ".join(", ".join(params).rsplit(", ", 1))
        verb = "does" if len(params) == 1 else "do"
        what = f" in `{u.env_var}`" if u.env_var else ""
        if accelerate:
            reader = ("Accelerate reads this URL and keeps the pool on its side; configure the "
                      "pool in the Accelerate console")
        else:
            who = "a Prisma 7 driver adapter" if (project.prisma_version or 0) >= 7 else "the driver adapter"
            reader = (f"{who} reads this URL at runtime and ignores Prisma's pool parameters "
                      f"(only prisma migrate reads them); {_adapter_instead(params)}")
        yield ctx.report(path, u.span, f"{listed}{what} {verb} nothing: {reader}")


# What a driver pool (pg.Pool, and the PrismaPg/PrismaNeon options) offers instead.
ADAPTER_POOL_EQUIVALENT = {
    "connection_limit": "max", "pool_timeout": "connectionTimeoutMillis",
    "connect_timeout": "connectionTimeoutMillis", "socket_timeout": "query_timeout",
    "max_idle_connection_lifetime": "idleTimeoutMillis", "max_connection_lifetime": "maxLifetimeSeconds",
}


def _adapter_instead(params: list[str]) -> str:
    options = list(dict.fromkeys(ADAPTER_POOL_EQUIVALENT[p] for p in params if p in ADAPTER_POOL_EQUIVALENT))
    rest = [p for p in params if p not in ADAPTER_POOL_EQUIVALENT]
    parts = []
    if options:
        parts.append("set " + ", ".join(f"`{o}`" for o in options) + " on the adapter's pool instead")
    if rest:
        parts.append("drop " + ", ".join(rest) + " (the driver has no equivalent)")
    return " and ".join(parts)
