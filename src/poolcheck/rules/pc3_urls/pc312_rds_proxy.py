"""PC312 rds-proxy: an RDS Proxy endpoint pins Prisma's connections."""

from __future__ import annotations

from ...urlmodel import redact
from ..context import FileRuleContext
from ..helpers.urls import urls
from ..spec import I, RuleSpec, rule

SPEC = RuleSpec("PC312", "rds-proxy", I, True, "file",
                "An RDS Proxy endpoint pins Prisma's connections",
                'Connect directly, or use a pooler that supports prepared statements')


@rule(SPEC)
def rds_proxy(ctx: FileRuleContext):
    for lit, url in urls(ctx.facts):
        if url.rds_proxy:
            yield ctx.report(
                lit.span,
                f"{redact(lit.value)} is an RDS Proxy endpoint: Prisma's prepared statements pin "
                f"every connection to one client, so the proxy gives no pooling benefit")
