"""Which parameters of each function reach the options of a `$transaction(fn, options)`
call, for a project transaction wrapper's timeouts (PC203): its own (`Effects.tx_options`:
`prisma.$transaction(fn, opts)`), or passed on to a function that forwards them
(`withTx(fn, opts)` calling `runTx(prisma, fn, opts)`). To a fixed point over the callers,
so chains of wrappers and recursive retries are handled."""

from __future__ import annotations

from collections import deque


def forwarded_options(graph) -> dict:
    """NodeId -> the parameter indexes its `$transaction` options are built from."""
    out = {node: set(f.effects.tx_options) for node, f in graph.functions.items() if f.effects.tx_options}
    work = deque(sorted(out))
    while work:
        callee = work.popleft()
        for edge in graph.callers.get(callee, ()):
            site = graph.placed.get((edge.caller[0], edge.site.span), edge.site)
            got = {a.index for j, a in enumerate(site.args)
                   if j in out[callee] and a.kind == "param" and a.index is not None}
            mine = out.setdefault(edge.caller, set())
            if not got <= mine:
                mine |= got
                work.append(edge.caller)
    return out


def wrapper_timeouts(graph, path: str, site, forwarded: dict):
    """((timeout ms, span) or None, (maxWait ms, span) or None) of a call to the project's
    transaction wrapper, from the option arguments the wrapper hands to `$transaction`, or
    None when the call is bound to no function of the project (the front-end's reading
    stands)."""
    target = graph.bound.get((path, site.span))
    if target is None or target.kind != "function" or (target.path, target.name) not in graph.functions:
        return None
    params = forwarded.get((target.path, target.name), ())
    got = {}
    for index, key, ms, span in site.options:
        if index in params:
            got.setdefault(key, (ms, span))
    return got.get("timeout"), got.get("maxWait")
