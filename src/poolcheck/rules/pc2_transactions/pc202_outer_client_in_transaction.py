"""PC202 outer-client-in-transaction: a query on the outer client inside an interactive transaction."""

from __future__ import annotations

import re

from ...core.diagnostics import Related, Severity
from ...facts import ScopeKind, Transaction, TransactionCall
from ..context import FileRuleContext
from ..helpers.transactions import transactions_in
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC202", "outer-client-in-transaction", E, True, "file",
                "A query on the outer client inside an interactive transaction",
                "Use the transaction client passed to the callback")


@rule(SPEC)
def outer_client_in_transaction(ctx: FileRuleContext):
    tests = transactions_in(ctx, ScopeKind.TEST)
    receivers = {tx.span: tx.receiver for tx in ctx.facts.of(Transaction)}
    for call in ctx.facts.of(TransactionCall):
        if not call.receiver_is_outer_client or call.transaction_span in tests:
            continue
        related = (Related(ctx.facts.path, call.transaction_span, "the transaction starts here"),
                   *call.via)
        receiver = receivers.get(call.transaction_span)
        client = _client_of(call.callee)
        severity = None
        if receiver and client and _last(client) != _last(receiver):
            # Another client (a read replica's `dbRead` inside `dbWrite.$transaction`): its
            # own pool, so no pool deadlock, but the query is outside the transaction.
            message = (f"`{call.callee}` uses another client inside `{receiver}`'s interactive "
                       f"transaction: it runs outside the transaction on that client's own "
                       f"connection, so it does not see the transaction's uncommitted writes and "
                       f"is not rolled back with it; use the transaction client")
            severity = Severity.WARNING
        else:
            message = (f"`{call.callee}` uses the outer client inside an interactive transaction: "
                       f"it runs outside the transaction on a second connection and can deadlock "
                       f"the pool; use the transaction client")
        yield ctx.report(call.span, message, related, severity=severity)


def _client_of(callee: str) -> str | None:
    """The client part of a query's callee: `dbRead` of `dbRead.product.findMany`,
    `this.prisma` of `this.prisma.$queryRaw`."""
    if "(" in callee:
        return None
    head, _, last = callee.rpartition(".")
    client = head if last.startswith("$") else head.rpartition(".")[0]
    # only a plain name path; `User.prisma()` (the registered client) and the like: unknown
    return client if _NAME_PATH.fullmatch(client) else None


_NAME_PATH = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")


def _last(name: str) -> str:
    return name.rsplit(".", 1)[-1]
