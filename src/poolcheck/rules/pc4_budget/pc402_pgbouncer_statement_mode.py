"""PC402 pgbouncer-statement-mode: PgBouncer in statement mode breaks Prisma's transactions."""

from __future__ import annotations

from ...facts import PoolerSetting
from ..context import FileRuleContext
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC402", "pgbouncer-statement-mode", E, True, "file",
                "PgBouncer pool_mode = statement breaks Prisma's transactions",
                "Use pool_mode = transaction")


@rule(SPEC)
def pgbouncer_statement_mode(ctx: FileRuleContext):
    for s in ctx.facts.of(PoolerSetting):
        if s.section == "pgbouncer" and s.key == "pool_mode" and s.value.strip().lower() == "statement":
            where = "pool_mode = statement" if s.source == "pgbouncer.ini" else "pool mode `statement`"
            yield ctx.report(
                s.span,
                f"PgBouncer {where}: the server connection goes back to the pool after every "
                f"statement, so Prisma's transactions and multi-statement queries break; use "
                f"pool_mode = transaction (with pgbouncer=true in the URL) or session")
