"""The call sites by which a function runs a callback while it works, for the TS/JS symbols
(`symbols._Extractor.run`, `CallSite.runs_callback`): `new Promise((res) => ...)`,
`items.map(async (x) => ...)`, `p.then((r) => ...)`. The callback's effects (a request it
makes, a query it runs) are then the function's, for the linker's propagation."""

from __future__ import annotations

from ...symbols import CallSite, CalleeRef
from ..ts_model import ITERATING_METHODS, strip
from .symbol_calls import PASS_THROUGH, awaited_call, one_line


def callback_site(ex, fn) -> CallSite | None:
    """The site by which the function around `fn` runs it as a callback while it works
    (`CallSite.runs_callback`): `fn` is an argument of `new Promise(...)`, of an
    iterating method (`items.map(fn)`, `forEach`: they call it there and then) or of
    `.then`/`.catch`/`.finally`. Waited for as that call or `new` is (a `new Promise`
    statement of its own is fire-and-forget); an iterating method's callbacks start
    inside it whatever becomes of its result, as the front-end's transaction walk
    reads them. Other holders (`setTimeout`, an event handler, a wrapper) are not
    known to run it then."""
    holder = fn.parent
    while holder is not None and holder.type in PASS_THROUGH:
        holder = holder.parent
    if holder is None or holder.type != "arguments" or holder.parent is None:
        return None
    call = holder.parent
    if call.type == "new_expression":
        ctor = strip(call.child_by_field_name("constructor"))
        if ctor is None or ctor.type != "identifier" or ex.an.text(ctor) != "Promise" or \
                ex.resolve("Promise", ex.enclosing(call)) is not None:
            return None
        awaited, written = awaited_call(call), "new Promise"
    elif call.type == "call_expression":
        callee = strip(call.child_by_field_name("function"))
        prop = callee.child_by_field_name("property") if callee is not None and \
            callee.type == "member_expression" else None
        method = ex.an.text(prop) if prop is not None else ""
        if method in ITERATING_METHODS:
            awaited = None
        elif method in ("then", "catch", "finally"):
            awaited = awaited_call(call)
        else:
            return None
        written = one_line(ex.an.text(callee))
    else:
        return None
    tx = ex._transaction_of(call) if ex.tx_bodies else None
    # placed on the callback: the call that runs it is a call site of its own, and the
    # link knows each site by its span
    return CallSite(span=ex.an.span(fn), callee=CalleeRef("local", ex.fid(fn), (), written),
                    awaited=awaited, runs_callback=True,
                    transaction=tx[1] if tx is not None else None,
                    transaction_receiver=tx[2] if tx is not None else None)
