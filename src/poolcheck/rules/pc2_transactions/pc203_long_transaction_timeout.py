"""PC203 long-transaction-timeout: an interactive transaction timeout or maxWait above the threshold."""

from __future__ import annotations

from ...facts import ClientConstruction, Transaction
from ...vocabulary.clients import CLIENT_APIS
from ..context import FileRuleContext
from ..helpers.numbers import seconds
from ..helpers.transactions import NOT_UNDER_LOAD
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC203", "long-transaction-timeout", W, True, "file",
                "An interactive transaction timeout or maxWait above the threshold",
                "Keep transactions short; move slow work out instead of raising the timeout")


@rule(SPEC)
def long_transaction_timeout(ctx: FileRuleContext):
    limit_ms = float(ctx.option("max-transaction-timeout")) * 1000
    for tx in ctx.facts.of(Transaction):
        if tx.scope.kind in NOT_UNDER_LOAD:
            continue
        max_wait = CLIENT_APIS[tx.api].max_wait_key
        for label, value, span in (("timeout", tx.timeout_ms, tx.timeout_span),
                                   (max_wait, tx.max_wait_ms, tx.max_wait_span)):
            if value is not None and value > limit_ms:
                yield ctx.report(span or tx.span, f"transaction {label} of {seconds(value)} "
                                 f"{_EFFECT[label != 'timeout']} (threshold {seconds(limit_ms)})", tx.via)
    for c in ctx.facts.of(ClientConstruction):
        for key in ("transactionOptions.timeout", "transactionOptions.maxWait"):
            value = c.option(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value > limit_ms:
                label = key.split(".")[1]
                yield ctx.report(
                    c.option_span(key) or c.span,
                    f"default transaction {label} of {seconds(value)} for every transaction of "
                    f"this client: {_EFFECT[label != 'timeout']} (threshold {seconds(limit_ms)})")


# What a long setting does: `timeout` lets a transaction pin its connection that long;
# `maxWait` is how long a transaction queues for a connection before it starts, so under
# load requests pile up behind a busy pool instead of failing fast.
_EFFECT = {
    False: "pins a connection that long; keep transactions short",
    True: "lets each transaction queue that long for a connection before it starts: under "
          "load, requests pile up behind a busy pool instead of failing fast; keep it short",
}
