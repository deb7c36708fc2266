"""PC301 pooler-without-pgbouncer-flag: a transaction-mode pooler URL without pgbouncer=true."""

from __future__ import annotations

from ...urlmodel import redact
from ..context import FileRuleContext
from ..helpers.urls import is_direct_role, read_by_adapter, urls
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC301", "pooler-without-pgbouncer-flag", E, True, "file",
                'A transaction-mode pooler URL without pgbouncer=true',
                'Add pgbouncer=true, or use PgBouncer >= 1.21 with max_prepared_statements > 0')


@rule(SPEC)
def pooler_without_pgbouncer_flag(ctx: FileRuleContext):
    for lit, url in urls(ctx.facts):
        pooler = url.pooler
        if not url.postgres_like or pooler is None or not pooler.transaction_mode or url.has("pgbouncer") \
                or pooler.prepared_statements:
            continue
        if is_direct_role(lit) or read_by_adapter(lit) or url.accelerate:
            continue
        if ctx.package is not None and not ctx.package.engine_reads_url_params:
            continue  # Prisma 7 with a driver adapter: the URL's parameters are not read
        yield ctx.report(
            lit.span,
            f"{redact(lit.value)} goes through {pooler.why} but has no pgbouncer=true: Prisma's "
            f"prepared statements fail with `prepared statement \"s0\" already exists`; add "
            f"pgbouncer=true, or run PgBouncer >= 1.21 with max_prepared_statements > 0")
