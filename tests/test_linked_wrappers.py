"""What the linker says about a project's transaction wrappers (issue 14), read from the
multi-file cases in tests/cases/typescript (test_cases.py checks where each finding sits):
the chain a finding carries and the words its message uses for the client.

- a wrapper that forwards `{ timeout }` to its own `$transaction` (PC203): the finding on
  the caller's option has that `$transaction` as a related location;
- a helper that opens a transaction of its own on the shared client, inside another
  transaction (PC202): the message says it opens one, the chain runs to it;
- the shared client under a local alias (`import { prisma as _prisma }`) inside
  `ctx.prisma.$transaction` (PC202): the deadlock on the shared client, not "another client".
"""

from __future__ import annotations

import shutil
from pathlib import Path

from poolcheck.config import load_settings
from poolcheck.core.diagnostics import Severity
from poolcheck.engine import run
from poolcheck.rules import implemented_codes

CASES = Path(__file__).parent / "cases" / "typescript"


def _diagnostics(case: str, tmp_path, select: list[str]):
    root = tmp_path / case
    shutil.copytree(CASES / case, root)
    settings = load_settings(None, implemented_codes())
    settings.select = select
    result = run([root], settings)
    assert not result.errors
    return root, list(result.diagnostics)


def _at(root, finding) -> str:
    return f"{finding.path.resolve().relative_to(root.resolve()).as_posix()}:{finding.span.line}"


def _chain(root, finding) -> list[str]:
    return [f"{r.path.resolve().relative_to(root.resolve()).as_posix()}:{r.span.line}: {r.message}"
            for r in finding.related]


def test_wrapper_timeout_points_at_the_wrappers_own_transaction(tmp_path):
    root, found = _diagnostics("transaction-wrappers", tmp_path, ["PC203"])
    by_line = {_at(root, d): _chain(root, d) for d in found}
    assert by_line["app/api/bookings/timeouts.ts:6"] == [
        "lib/db.ts:12: the wrapper hands the options to `$transaction` here"]
    # options forwarded through a retry to `client.$transaction` on a parameter: the function
    assert by_line["app/api/bookings/timeouts.ts:11"] == [
        "lib/db.ts:35: `$transaction` hands them to `$transaction` inside it"]


def test_a_nested_transaction_on_the_shared_client_is_named_as_one(tmp_path):
    root, found = _diagnostics("nest-transaction-service", tmp_path, ["PC202"])
    first = next(d for d in found if _at(root, d) == "src/payment/payment.facade.ts:19")
    assert "opens a transaction of its own on the shared client `this.prisma` further down: that " \
        "transaction holds a second connection while this one waits for it" in first.message
    assert first.severity is Severity.ERROR
    assert _chain(root, first) == [
        "src/payment/payment.facade.ts:16: the transaction starts here",
        "src/product/product.service.ts:11: calls `this.transactionService.executeInTransaction` here",
        "src/database/transaction.service.ts:11: opens a transaction of its own on the shared client here"]


def test_the_shared_client_under_an_alias_is_the_transactions_own(tmp_path):
    root, found = _diagnostics("shared-client-alias", tmp_path, ["PC202"])
    assert [_at(root, d) for d in found] == ["server/router.ts:11"]
    assert "another client" not in found[0].message
    assert "queries the shared client `_prisma` further down: that query runs outside the " \
        "transaction on a second connection and can deadlock the pool" in found[0].message
    assert found[0].severity is Severity.ERROR


def test_a_wrapper_by_what_it_does_points_at_the_transaction_and_down_the_chain(tmp_path):
    """`runAtomic(async (tx) => ...)` of src/lib/db.ts (`return prisma.$transaction(fn)`):
    the finding sits on the call in the body, the transaction starts at the wrapper's call."""
    root, found = _diagnostics("behaviour-wrappers", tmp_path, ["PC201"])
    first = next(d for d in found if _at(root, d) == "src/services/order.service.ts:9")
    assert _chain(root, first) == [
        "src/services/order.service.ts:7: the transaction starts here",
        "src/lib/payments.ts:4: `axios.post` here: `axios` leaves the process"]
    # a function handed by name is the body: its own `fetch`, the transaction on the call
    named = next(d for d in found if _at(root, d) == "src/services/order.service.ts:52")
    assert _chain(root, named) == ["src/services/order.service.ts:57: the transaction starts here"]


def test_a_pending_wrapper_is_nothing_without_the_link(tmp_path):
    """The file alone cannot tell `runAtomic` opens a transaction: per-file rules (the flake8
    plugin's) report nothing about its callback, where the linked run does."""
    from poolcheck.core.sources import Source
    from poolcheck.facts import PendingTransaction, Transaction, TransactionCall
    from poolcheck.frontends import analyse

    path = CASES / "behaviour-wrappers" / "src" / "services" / "report.service.ts"
    facts = analyse(Source.from_bytes(Path("src/services/report.service.ts"), "typescript", path.read_bytes()),
                    load_settings(None, implemented_codes()))
    pending = list(facts.of(PendingTransaction))
    assert [(p.span.line, p.argument) for p in pending] == [(7, 0)]
    assert not list(facts.of((Transaction, TransactionCall)))
    assert any(isinstance(f, TransactionCall) and f.callee == "chargeCard" for f in pending[0].facts)
