"""Why a call inside a transaction is slow (PC201): a known library, a configured name,
an SDK method, or, as the last resort, the words of its name."""

from __future__ import annotations

from ...facts import TransactionCall
from ...vocabulary.clients import CLIENT_APIS
from ...vocabulary.slow import AWS_SEND, LAST_RESORT_WORDS, SLOW_LIBRARIES, SLOW_METHODS, WAIT_WORDS


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
    for entry in (*SLOW_LIBRARIES[CLIENT_APIS[call.api].ecosystem], *extra):
        if callee == entry or callee.startswith(entry + "."):
            waits = any(word in entry for word in WAIT_WORDS)
            return f"`{entry}` waits" if waits else f"`{entry}` leaves the process"
    last = callee.rsplit(".", 1)[-1]
    if last in SLOW_METHODS or callee.endswith(AWS_SEND) and "aws" in callee.lower():
        return f"`{last}` leaves the process"
    if not by_name:
        return None
    lowered = last.lower()
    for word in LAST_RESORT_WORDS:
        if word in lowered:
            return f"its name says it does `{word}` work"
    return None
