"""PC201 slow-call-in-transaction: a slow or external call inside an interactive transaction."""

from __future__ import annotations

from ...core.diagnostics import Related
from ...facts import TransactionCall
from ..context import FileRuleContext
from ..helpers.slow import judged_by_name, slow_reason
from ..helpers.transactions import NOT_UNDER_LOAD, in_body, linked_calls, transactions_in
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC201", "slow-call-in-transaction", W, True, "file",
                "A slow or external call inside an interactive transaction",
                "Do the slow work before or after the transaction")


@rule(SPEC)
def slow_call_in_transaction(ctx: FileRuleContext):
    extra = list(ctx.option("slow-calls") or [])
    tests = transactions_in(ctx, *NOT_UNDER_LOAD)
    reasons = {}
    for call in ctx.facts.of(TransactionCall):
        if call.receiver_is_tx or call.receiver_is_outer_client or call.is_query \
                or call.transaction_span in tests or call.awaited is False:
            # dropped (`void fetch(url)`, a statement of its own): the transaction does not wait
            continue
        reason = slow_reason(call, extra, by_name=judged_by_name(call))
        if reason is not None:
            reasons[call] = reason
    for span, related, call, moved in in_body(ctx, reasons, "`{callee}` here"):
        what = f"this call inside an interactive transaction reaches `{call.callee}`" if moved \
            else f"`{call.callee}` inside an interactive transaction"
        yield ctx.report(
            span,
            f"{what} ({reasons[call]}): the transaction holds "
            f"its connection until it returns; do the slow work before or after",
            related)
    # the callee is the project's own code in another module: decided by what it does there
    for call in linked_calls(ctx, "leaves", NOT_UNDER_LOAD):
        yield ctx.report(
            call.span,
            f"`{call.callee}` inside an interactive transaction leaves the process further down "
            f"({call.reason}): the transaction holds its connection until it returns; do the slow "
            f"work before or after",
            (Related(ctx.facts.path, call.transaction_span, "the transaction starts here"), *call.chain))
