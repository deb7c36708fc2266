"""A `setTimeout` that is a deadline, not a wait: inside a `new Promise` executor, its
callback only rejects (`new Promise((_, reject) => setTimeout(() => reject(err), ms))`,
`setTimeout(reject, ms)`). Such a promise is raced against the real work
(`Promise.race([op(), deadline])`, civitai's `withSysReadDeadline`): it bounds the wait for
that work, it adds none, so it is no slow call of its own. A timer that resolves is a sleep
(`new Promise((r) => setTimeout(r, ms))`) and stays one."""

from __future__ import annotations

from ..ts_model import FUNCTION_TYPES, strip
from ..ts_tree import params_of
from .syntax import descendants


def is_deadline_timer(an, call, owner) -> bool:
    """`call` (a `setTimeout(...)` in function `owner`) only rejects `owner`'s promise."""
    if owner is None or owner.type not in FUNCTION_TYPES:
        return False
    holder = owner.parent
    while holder is not None and holder.type == "parenthesized_expression":
        holder = holder.parent
    made = holder.parent if holder is not None and holder.type == "arguments" else None
    ctor = strip(made.child_by_field_name("constructor")) if made is not None and made.type == "new_expression" else None
    if ctor is None or an.text(ctor) != "Promise":
        return False
    params = params_of(owner)
    if len(params) < 2 or params[1].type != "identifier":
        return False
    reject = an.text(params[1])
    resolve = an.text(params[0]) if params[0].type == "identifier" else None
    args = call.child_by_field_name("arguments")
    first = strip(args.named_children[0]) if args is not None and args.named_children else None
    if first is None:
        return False
    if first.type == "identifier":
        return an.text(first) == reject
    if first.type not in ("arrow_function", "function_expression", "function"):
        return False
    calls = [strip(n.child_by_field_name("function")) for n in descendants(first, "call_expression")]
    names = {an.text(c) for c in calls if c is not None and c.type == "identifier"}
    return reject in names and (resolve is None or resolve not in names)

