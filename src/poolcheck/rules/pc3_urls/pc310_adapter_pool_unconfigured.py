"""PC310 adapter-pool-unconfigured: a driver adapter pool without max and without connectionTimeoutMillis."""

from __future__ import annotations

from ...facts import UNKNOWN, ClientConstruction, ScopeKind
from ..context import FileRuleContext
from ...vocabulary.clients import POOL_OPTION_CLASSES, POOL_TIMEOUT_OPTIONS
from ..helpers.clients import backs_prisma, option_names
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC310", "adapter-pool-unconfigured", W, True, "file",
                'A driver adapter pool without max and without connectionTimeoutMillis',
                'Set max and connectionTimeoutMillis on the pool')


@rule(SPEC)
def adapter_pool_unconfigured(ctx: FileRuleContext):
    if ctx.facts.prisma_config is not None:
        return  # prisma.config.ts: the CLI's adapter (migrate, studio) serves no request
    for c in ctx.facts.of(ClientConstruction):
        if c.kind not in ("pool", "adapter") or c.class_name not in POOL_OPTION_CLASSES:
            continue
        if not backs_prisma(ctx.facts, c):
            continue  # a pg pool for Kysely or raw SQL
        if c.dev_only:
            continue  # the `else` of NODE_ENV === "production": no deployment builds it
        if c.scope.kind is ScopeKind.EDGE_REQUEST:
            continue  # a Worker's pool per request lives for that request: its size is moot
        names = option_names(c)
        if c.kind == "adapter" and not names & {"connectionString", "host", "database", "user", "server"}:
            continue  # `new PrismaPg(pool)`: the pool it wraps is checked where it is built
        if any(v is UNKNOWN for k, v in c.options if k in ("", "...", "*")):
            continue  # options spread from elsewhere
        size = names & {"max", "connectionLimit"}
        timeout = names & POOL_TIMEOUT_OPTIONS
        if size or timeout:
            continue
        yield ctx.report(
            c.span,
            f"`{c.class_name}` pool without `max` and without `connectionTimeoutMillis`: it uses "
            f"the driver's default size (pg: 10) and an exhausted pool waits forever instead of "
            f"failing like P2024; set both")
