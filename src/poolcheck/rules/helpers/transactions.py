"""Which transactions run where (PC2xx)."""

from __future__ import annotations

from ...core.diagnostics import Related
from ...facts import ScopeKind, Transaction
from ...symbols import LinkedTransactionCall
from ..context import FileRuleContext

# Tests sleep inside transactions to test timeouts and query the outer client to check
# isolation, on purpose; one-off scripts hold a connection for a while and starve nobody.
# Neither is a server pool under load. Unawaited queries and outer-client queries in
# scripts are still bugs (PC202, PC204).
NOT_UNDER_LOAD = (ScopeKind.TEST, ScopeKind.SCRIPT)


def transactions_in(ctx: FileRuleContext, *kinds: ScopeKind) -> set:
    """Spans of the file's transactions that run in these scopes."""
    return {tx.span for tx in ctx.facts.of(Transaction) if tx.scope.kind in kinds}


def linked_calls(ctx: FileRuleContext, effect: str, skipped: tuple):
    """Calls in a transaction body into other modules' code with this effect ("leaves",
    "outer-query"), as the linker found them, outside the scopes `skipped`."""
    for call in ctx.facts.of(LinkedTransactionCall):
        if call.effect == effect and (call.scope is None or call.scope.kind not in skipped):
            yield call


def transaction_start(ctx: FileRuleContext, transaction_span):
    """The related location every PC2xx finding points at."""
    return Related(ctx.facts.path, transaction_span, "the transaction starts here")
