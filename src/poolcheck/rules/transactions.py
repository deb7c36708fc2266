"""PC2xx file rules: what happens inside interactive transactions."""

from __future__ import annotations

import re

from ..diagnostics import Related, Severity
from ..facts import ClientConstruction, ParallelQueries, ScopeKind, Transaction, TransactionCall
from ..symbols import LinkedTransactionCall
from . import FileRuleContext, file_rule

# Callees known to leave the process or wait, by resolved dotted name. A name matches
# when it equals an entry or starts with an entry followed by a dot.
KNOWN_SLOW = (
    # JS/TS
    "fetch", "axios", "got", "ky", "ofetch", "$fetch", "undici", "node-fetch", "superagent",
    "http.request", "http.get", "https.request", "https.get",
    "stripe", "openai", "anthropic", "resend", "sendgrid", "@sendgrid/mail", "nodemailer",
    "twilio", "slack", "@slack/web-api", "setTimeout", "timers/promises.setTimeout",
    "sleep", "delay",
    # Python
    "requests", "httpx", "aiohttp", "urllib.request", "urllib3", "boto3", "botocore",
    "smtplib", "asyncio.sleep", "time.sleep", "subprocess", "trio.sleep", "anyio.sleep",
)
# Method names that leave the process whatever the receiver (SDK clients by any name).
SLOW_METHODS = ("sendMail", "send_mail", "send_email", "sendEmail")
# Words that, inside a callee's last name segment, say it leaves the process.
SLOW_WORDS = ("fetch", "http", "request", "api", "webhook", "mail", "notify", "upload",
              "download", "publish", "sleep", "delay", "external")


def _judged_by_name(call: TransactionCall) -> bool:
    """A name is the last resort (rules.md PC201): only for a callee nobody can resolve.
    Not for the project's own code (its body decides: the linker's job), not for a call
    handed the transaction client (it works through the transaction), and not for a call
    the transaction does not wait for (a type guard in an `if`, a fire-and-forget)."""
    return not (call.callee_in_project or call.passes_tx or call.awaited is False)


def slow_reason(callee: str, extra: list[str], by_name: bool = True) -> str | None:
    """Why `callee` is slow, or None. Checks known libraries, config, then (with `by_name`)
    the words of its name."""
    for entry in (*KNOWN_SLOW, *extra):
        if callee == entry or callee.startswith(entry + "."):
            return f"`{entry}` leaves the process" if "sleep" not in entry and "delay" not in entry \
                and "setTimeout" not in entry else f"`{entry}` waits"
    last = callee.rsplit(".", 1)[-1]
    if last in SLOW_METHODS or callee.endswith(".send") and "aws" in callee.lower():
        return f"`{last}` leaves the process"
    if not by_name:
        return None
    lowered = last.lower()
    for word in SLOW_WORDS:
        if word in lowered:
            return f"its name says it does `{word}` work"
    return None


def _transactions_in(ctx: FileRuleContext, *kinds: ScopeKind) -> set:
    """Spans of the file's transactions that run in these scopes."""
    return {tx.span for tx in ctx.facts.of(Transaction) if tx.scope.kind in kinds}


# Tests sleep inside transactions to test timeouts and query the outer client to check
# isolation, on purpose; one-off scripts hold a connection for a while and starve nobody.
# Neither is a server pool under load. Unawaited queries and outer-client queries in
# scripts are still bugs (PC202, PC204).
NOT_UNDER_LOAD = (ScopeKind.TEST, ScopeKind.SCRIPT)


@file_rule("PC201")
def slow_call_in_transaction(ctx: FileRuleContext):
    extra = list(ctx.option("slow-calls") or [])
    tests = _transactions_in(ctx, *NOT_UNDER_LOAD)
    for call in ctx.facts.of(TransactionCall):
        if call.receiver_is_tx or call.receiver_is_outer_client or call.is_query \
                or call.transaction_span in tests:
            continue
        reason = slow_reason(call.callee, extra, by_name=_judged_by_name(call))
        if reason is None:
            continue
        related = (Related(ctx.facts.path, call.transaction_span, "the transaction starts here"),
                   *call.via)
        yield ctx.report(
            call.span,
            f"`{call.callee}` inside an interactive transaction ({reason}): the transaction holds "
            f"its connection until it returns; do the slow work before or after",
            related)
    for call in _linked(ctx, "leaves", NOT_UNDER_LOAD):
        yield ctx.report(
            call.span,
            f"`{call.callee}` inside an interactive transaction leaves the process further down "
            f"({call.reason}): the transaction holds its connection until it returns; do the slow "
            f"work before or after",
            (Related(ctx.facts.path, call.transaction_span, "the transaction starts here"), *call.chain))


def _linked(ctx: FileRuleContext, effect: str, skipped: tuple):
    """Calls in a transaction body into other modules' code with this effect (the linker)."""
    for call in ctx.facts.of(LinkedTransactionCall):
        if call.effect == effect and (call.scope is None or call.scope.kind not in skipped):
            yield call


@file_rule("PC202")
def outer_client_in_transaction(ctx: FileRuleContext):
    tests = _transactions_in(ctx, ScopeKind.TEST)
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
    for call in _linked(ctx, "outer-query", (ScopeKind.TEST,)):
        related = (Related(ctx.facts.path, call.transaction_span, "the transaction starts here"), *call.chain)
        if call.same_client is False:
            yield ctx.report(
                call.span,
                f"`{call.callee}` inside `{call.transaction_receiver}`'s interactive transaction "
                f"queries another client (`{call.client}`) further down: that query runs outside "
                f"the transaction on that client's own connection, so it does not see the "
                f"transaction's uncommitted writes and is not rolled back with it; pass the "
                f"transaction client down", related, severity=Severity.WARNING)
            continue
        yield ctx.report(
            call.span,
            f"`{call.callee}` inside an interactive transaction {call.reason} further down: that "
            f"query runs outside the transaction on a second connection and can deadlock the pool; "
            f"pass the transaction client down", related)


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


@file_rule("PC203")
def long_transaction_timeout(ctx: FileRuleContext):
    limit_ms = float(ctx.option("max-transaction-timeout")) * 1000
    max_wait = "max_wait" if ctx.facts.language == "python" else "maxWait"
    for tx in ctx.facts.of(Transaction):
        if tx.scope.kind in NOT_UNDER_LOAD:
            continue
        for label, value, span in (("timeout", tx.timeout_ms, tx.timeout_span),
                                   (max_wait, tx.max_wait_ms, tx.max_wait_span)):
            if value is not None and value > limit_ms:
                yield ctx.report(span or tx.span, f"transaction {label} of {_seconds(value)} "
                                 f"{_EFFECT[label != 'timeout']} (threshold {_seconds(limit_ms)})")
    for c in ctx.facts.of(ClientConstruction):
        for key in ("transactionOptions.timeout", "transactionOptions.maxWait"):
            value = c.option(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value > limit_ms:
                label = key.split(".")[1]
                yield ctx.report(
                    c.option_span(key) or c.span,
                    f"default transaction {label} of {_seconds(value)} for every transaction of "
                    f"this client: {_EFFECT[label != 'timeout']} (threshold {_seconds(limit_ms)})")


# What a long setting does: `timeout` lets a transaction pin its connection that long;
# `maxWait` is how long a transaction queues for a connection before it starts, so under
# load requests pile up behind a busy pool instead of failing fast.
_EFFECT = {
    False: "pins a connection that long; keep transactions short",
    True: "lets each transaction queue that long for a connection before it starts: under "
          "load, requests pile up behind a busy pool instead of failing fast; keep it short",
}


def _seconds(ms: float) -> str:
    seconds = ms / 1000
    return f"{seconds:g} s"


@file_rule("PC204")
def unawaited_query_in_transaction(ctx: FileRuleContext):
    for call in ctx.facts.of(TransactionCall):
        if call.receiver_is_tx and call.is_query and not call.handled:
            yield ctx.report(
                call.span,
                f"`{call.callee}` is not awaited: it runs after the transaction has closed "
                f"(P2028 \"Transaction already closed\"); await it or collect it into an awaited "
                f"Promise.all",
                (Related(ctx.facts.path, call.transaction_span, "the transaction starts here"),))


@file_rule("PC205")
def unbounded_parallel_queries(ctx: FileRuleContext):
    for q in ctx.facts.of(ParallelQueries):
        if q.scope.kind is not ScopeKind.REQUEST:
            continue
        yield ctx.report(
            q.span,
            f"one query per item of `{q.collection}` at once: with a small pool they queue until "
            f"P2024; batch them (findMany with `in`) or bound the concurrency")
