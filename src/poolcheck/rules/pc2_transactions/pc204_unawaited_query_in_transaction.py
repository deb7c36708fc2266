"""PC204 unawaited-query-in-transaction: a query on the transaction client is not awaited."""

from __future__ import annotations

from ...core.diagnostics import Related
from ...facts import TransactionCall
from ..context import FileRuleContext
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC204", "unawaited-query-in-transaction", E, True, "file",
                "A query on the transaction client is not awaited",
                "Await the query or collect it into an awaited Promise.all")


@rule(SPEC)
def unawaited_query_in_transaction(ctx: FileRuleContext):
    for call in ctx.facts.of(TransactionCall):
        # `handled is False`: None (the front-end cannot tell, Python today) is no finding.
        if call.receiver_is_tx and call.is_query and call.handled is False:
            yield ctx.report(
                call.span,
                f"`{call.callee}` is not awaited: it runs after the transaction has closed "
                f"(P2028 \"Transaction already closed\"); await it or collect it into an awaited "
                f"Promise.all",
                (Related(ctx.facts.path, call.transaction_span, "the transaction starts here"),))
