"""Which transactions run where (PC2xx)."""

from __future__ import annotations

from ...core.diagnostics import Related
from ...facts import ScopeKind, Transaction
from ..context import FileRuleContext

# Tests sleep inside transactions to test timeouts and query the outer client to check
# isolation, on purpose; one-off scripts hold a connection for a while and starve nobody.
# Neither is a server pool under load. Unawaited queries and outer-client queries in
# scripts are still bugs (PC202, PC204).
NOT_UNDER_LOAD = (ScopeKind.TEST, ScopeKind.SCRIPT)


def transactions_in(ctx: FileRuleContext, *kinds: ScopeKind) -> set:
    """Spans of the file's transactions that run in these scopes."""
    return {tx.span for tx in ctx.facts.of(Transaction) if tx.scope.kind in kinds}


def transaction_start(ctx: FileRuleContext, transaction_span):
    """The related location every PC2xx finding points at."""
    return Related(ctx.facts.path, transaction_span, "the transaction starts here")
