"""What a function does as a project transaction wrapper, for the TS/JS symbols
(`symbol_calls`): the options it hands to `$transaction` (`Effects.tx_options`), the
parameters it runs as the body (`Effects.tx_body`), and the timeouts a call of a wrapper
passes (`CallSite.options`)."""

from __future__ import annotations

from .syntax import descendants
from ..ts_model import FUNCTION_TYPES, params_of, strip

TX_OPTION_KEYS = ("timeout", "maxWait")   # `$transaction(fn, { timeout, maxWait })`


def wrapper_options(an, call) -> tuple:
    """(argument index, key, ms, value span) of the numeric `timeout`/`maxWait` in the
    object-literal arguments of a transaction wrapper's call."""
    from .syntax import duration_of

    args = call.child_by_field_name("arguments")
    out = []
    for i, a in enumerate(a for a in (args.named_children if args is not None else ()) if a.type != "comment"):
        a = strip(a)
        for pair in (a.named_children if a is not None and a.type == "object" else ()):
            key = an.text(pair.child_by_field_name("key")) if pair.type == "pair" else None
            if key in TX_OPTION_KEYS:
                value = pair.child_by_field_name("value")
                number = duration_of(an.prog, value)
                if number is not None:
                    out.append((i, key, float(number), an.span(value)))
    return tuple(out)


def forwarded_options(ex, call, local) -> None:
    """The parameters a `$transaction(fn, options)` call builds its options from: any
    identifier in the options argument bound to a parameter of this function or of one
    around it (`options` of the wrapper, inside the retry arrow it hands the call to)."""
    args = call.child_by_field_name("arguments")
    argv = [a for a in (args.named_children if args is not None else ()) if a.type != "comment"]
    if len(argv) < 2:
        return
    stack = [argv[1]]
    while stack:
        node = stack.pop()
        if node.type in ("identifier", "shorthand_property_identifier"):
            b = ex.resolve(ex.an.text(node), ex.enclosing(call))
            if b is not None and b.kind == "param":
                local.setdefault(b.owner, {}).setdefault("tx_options", set()).add(b.index)
            continue
        if node.type in FUNCTION_TYPES:
            continue
        stack.extend(node.named_children)


def forwarded_body(ex, call, local) -> None:
    """The parameters a `$transaction(...)` call runs as its body: `$transaction(fn)`,
    `$transaction(fn, opts)`, or a parameter of a function around it called with the
    callback's transaction client (`$transaction(async (tx) => fn(tx))`): a wrapper that
    opens a transaction for whatever its callers hand it, whatever its name."""
    args = call.child_by_field_name("arguments")
    argv = [strip(a) for a in (args.named_children if args is not None else ()) if a.type != "comment"]
    first = argv[0] if argv else None
    if first is None:
        return
    if first.type == "identifier":
        b = ex.resolve(ex.an.text(first), ex.enclosing(call))
        if b is not None and b.kind == "param" and not b.path:
            local.setdefault(b.owner, {}).setdefault("tx_body", set()).add(b.index)
        return
    params = params_of(first) if first.type in FUNCTION_TYPES else []
    if not params or params[0].type != "identifier":
        return
    tx = ex.an.text(params[0])
    for inner in descendants(first, "call_expression"):
        fn, inner_args = strip(inner.child_by_field_name("function")), inner.child_by_field_name("arguments")
        if fn is None or fn.type != "identifier" or inner_args is None or not any(
                a.type == "identifier" and ex.an.text(a) == tx for a in map(strip, inner_args.named_children)
                if a is not None):
            continue
        b = ex.resolve(ex.an.text(fn), ex.enclosing(inner))
        if b is not None and b.kind == "param" and not b.path and b.owner != first.id:
            local.setdefault(b.owner, {}).setdefault("tx_body", set()).add(b.index)
