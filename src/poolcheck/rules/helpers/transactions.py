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


def in_body(ctx: FileRuleContext, calls, inner_message: str):
    """One finding per call in the transaction body: a call a same-file helper makes (the
    front-end's walk followed `self.used(org)` / `count(org)` into the file, `via` holds the
    chain) sits on the call in the body that reaches it, as the linker's cross-module
    findings do (architecture.md: that call holds the connection), with the helper's call as
    a related location; several such calls behind one body call are one finding.

    Yields (span, related, the first call, whether it sits in the body) per placement."""
    placed: dict = {}
    calls = list(calls)
    # a function declared inside the body and called there: its calls are in the body
    # already (the walk reports them once directly, once through the call)
    direct = {call.span for call in calls if not call.via}
    for call in calls:
        start = transaction_start(ctx, call.transaction_span)
        if not call.via:
            placed.setdefault(call.span, [call, (start,), False])
            continue
        if call.span in direct:
            continue
        body = call.via[0].span
        inner = Related(ctx.facts.path, call.span, inner_message.format(callee=call.callee))
        if body in placed:
            placed[body][1] = (*placed[body][1], inner)
            continue
        placed[body] = [call, (start, *call.via[1:], inner), True]
    for span, (call, related, moved) in placed.items():
        yield span, related, call, moved
