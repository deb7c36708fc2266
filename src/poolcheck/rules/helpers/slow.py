"""Why a call inside a transaction is slow (PC201): a known library, a configured name,
an SDK method, or, as the last resort, the words of its name."""

from __future__ import annotations

from ...facts import TransactionCall
from ...vocabulary.clients import CLIENT_APIS
from ...vocabulary.slow import LAST_RESORT_WORDS, SLOW_LIBRARIES, known_slow


def judged_by_name(call: TransactionCall) -> bool:
    """A name is the last resort (rules.md PC201): only for a callee nobody can resolve.
    Not for the project's own code (its body decides: the linker's job), not for a call
    handed the transaction client (it works through the transaction), and not for a call
    the transaction does not wait for (a type guard in an `if`, a fire-and-forget)."""
    return not (call.callee_in_project or call.passes_tx or call.awaited is False)


def slow_reason(call: TransactionCall, extra: list[str], by_name: bool = True) -> str | None:
    """Why the call is slow, or None. Checks the known libraries of its ecosystem, config
    (`slow-calls`), SDK methods, then (with `by_name`) the words of its name."""
    callee = call.callee
    reason = known_slow(callee, (*SLOW_LIBRARIES[CLIENT_APIS[call.api].ecosystem], *extra))
    if reason is not None:
        return reason
    if not by_name:
        return None
    lowered = callee.rsplit(".", 1)[-1].lower()
    for word in LAST_RESORT_WORDS:
        if word in lowered:
            return f"its name says it does `{word}` work"
    return None
