"""PC202 outer-client-in-transaction: a query on the outer client inside an interactive transaction."""

from __future__ import annotations

import re

from ...core.diagnostics import Related, Severity
from ...facts import ScopeKind, Transaction, TransactionCall
from ...symbols import NESTED_TRANSACTION
from ..context import FileRuleContext
from ..helpers.transactions import in_body, linked_calls, transactions_in
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC202", "outer-client-in-transaction", E, True, "file",
                "A query on the outer client inside an interactive transaction",
                "Use the transaction client passed to the callback")


@rule(SPEC)
def outer_client_in_transaction(ctx: FileRuleContext):
    tests = transactions_in(ctx, ScopeKind.TEST)
    receivers = {tx.span: tx.receiver for tx in ctx.facts.of(Transaction)}
    calls = [c for c in ctx.facts.of(TransactionCall)
             if c.receiver_is_outer_client and c.transaction_span not in tests]
    # behind one call in the body, a query on the transaction's own client (the deadlock)
    # decides the finding before one on another client (a replica)
    calls.sort(key=lambda c: not _same(_client_of(c.callee), receivers.get(c.transaction_span)))
    for span, related, call, moved in in_body(ctx, calls, "`{callee}` queries the outer client here"):
        receiver = receivers.get(call.transaction_span)
        client = _client_of(call.callee)
        severity = None
        if receiver and client and _last(client) != _last(receiver):
            # Another client (a read replica's `dbRead` inside `dbWrite.$transaction`): its
            # own pool, so no pool deadlock, but the query is outside the transaction.
            what = (f"this call inside `{receiver}`'s interactive transaction reaches "
                    f"`{call.callee}`, which uses another client" if moved else
                    f"`{call.callee}` uses another client inside `{receiver}`'s interactive transaction")
            message = (f"{what}: it runs outside the transaction on that client's own "
                       f"connection, so it does not see the transaction's uncommitted writes and "
                       f"is not rolled back with it; use the transaction client")
            severity = Severity.WARNING
        else:
            what = (f"this call inside an interactive transaction reaches `{call.callee}`, which "
                    f"uses the outer client" if moved else
                    f"`{call.callee}` uses the outer client inside an interactive transaction")
            message = (f"{what}: it runs outside the transaction on a second connection and can "
                       f"deadlock the pool; use the transaction client")
        yield ctx.report(span, message, related, severity=severity)
    yield from _linked(ctx)


def _linked(ctx: FileRuleContext):
    """A call in the body into another module's code that queries a client other than the
    transaction's further down (the linker's chain runs to that query)."""
    for call in linked_calls(ctx, "outer-query", (ScopeKind.TEST,)):
        related = (Related(ctx.facts.path, call.transaction_span, "the transaction starts here"), *call.chain)
        if call.same_client is False:
            yield ctx.report(
                call.span,
                f"`{call.callee}` inside {_whose(call.transaction_receiver)} interactive transaction "
                f"queries another client (`{call.client}`) further down: that query runs outside "
                f"the transaction on that client's own connection, so it does not see the "
                f"transaction's uncommitted writes and is not rolled back with it; pass the "
                f"transaction client down", related, severity=Severity.WARNING)
            continue
        # a helper's own `$transaction` on the shared client (propagate's witness says so)
        what = ("that transaction holds a second connection while this one waits for it"
                if call.reason.startswith(NESTED_TRANSACTION) else
                "that query runs outside the transaction on a second connection")
        yield ctx.report(
            call.span,
            f"`{call.callee}` inside an interactive transaction {call.reason} further down: "
            f"{what} and can deadlock the pool; pass the transaction client down", related)


def _whose(receiver: str | None) -> str:
    """`prisma`'s; "an" for a wrapper's transaction (`PrismaTransaction.start(fn)`)."""
    return f"`{receiver}`'s" if receiver else "an"


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


def _same(client, receiver) -> bool:
    return not (receiver and client and _last(client) != _last(receiver))


def _last(name: str) -> str:
    return name.rsplit(".", 1)[-1]
