"""Which parameters of each function reach the options of a `$transaction(fn, options)`
call, for a project transaction wrapper's timeouts (PC203): its own (`Effects.tx_options`:
`prisma.$transaction(fn, opts)`), or passed on to a function that forwards them
(`withTx(fn, opts)` calling `runTx(prisma, fn, opts)`); and, the same way, which become
its body (`Effects.tx_body`: `runAtomic(fn)` is a transaction wrapper by what it does), and
which it runs (`Effects.runs_params`: `withRetries(fn)`).
To a fixed point over the callers, so chains of wrappers and recursive retries are handled."""

from __future__ import annotations

from collections import deque

from ..vocabulary.clients import JS_TRANSACTION, PY_TRANSACTION


def forwarded_options(graph) -> dict:
    """NodeId -> the parameter indexes its `$transaction` options are built from."""
    return _forwarded(graph, {node: set(f.effects.tx_options) for node, f in graph.functions.items()
                              if f.effects.tx_options})


def transaction_bodies(graph) -> dict:
    """NodeId -> the parameter indexes it runs as a `$transaction`'s body (`Effects.tx_body`),
    or hands on to a function that does (`withTx(fn)` calling `runAtomic(fn)`): a project
    transaction wrapper by what it does (a `PendingTransaction` becomes a transaction)."""
    return _forwarded(graph, {node: set(f.effects.tx_body) for node, f in graph.functions.items()
                              if f.effects.tx_body})


def run_params(graph) -> dict:
    """NodeId -> the parameter indexes it calls (`Effects.runs_params`: `return await
    fn()`), or hands on to a function that does (`withRetries(fn, n - 1)`): what a caller
    hands it there runs during the call (linker.runners)."""
    return _forwarded(graph, {node: set(f.effects.runs_params) for node, f in graph.functions.items()
                              if f.effects.runs_params})


def _forwarded(graph, out: dict) -> dict:
    """`out` (NodeId -> parameter indexes) grown to a fixed point over the callers: a
    caller's parameter handed to one of those indexes is one of the caller's."""
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


def transaction_call(graph, node, forwarded: dict, seen=None):
    """(module path, span, message) of the `$transaction` call a wrapper hands its callers'
    options to (PC203's related location): its own or a function's nested in it, else the
    one of a callee it forwards them to; the name of the function that makes it when that
    call is not a call site of its own (`client.$transaction` on a parameter); None when
    no such function is found."""
    seen = set() if seen is None else seen
    if node in seen or node not in graph.functions:
        return None
    seen.add(node)
    path, fid = node
    inner = [fid] + [f.id for (p, _), f in graph.functions.items() if p == path and _nested_in(graph, path, f, fid)]
    for each in inner:
        for site in graph.functions[(path, each)].calls:
            if site.callee.path[-1:] in ((JS_TRANSACTION,), (PY_TRANSACTION,)):
                return path, site.span, "the wrapper hands the options to `$transaction` here"
    f = graph.functions[node]
    if f.effects.tx_options:
        return path, f.span, f"`{f.qualname}` hands them to `$transaction` inside it"
    for edge in graph.edges.get(node, ()):
        if edge.callee in forwarded:
            found = transaction_call(graph, edge.callee, forwarded, seen)
            if found is not None:
                return found
    return None


def _nested_in(graph, path: str, f, fid) -> bool:
    parent, depth = f.parent, 0
    while parent is not None and depth < 64:
        if parent == fid:
            return True
        up = graph.functions.get((path, parent))
        parent, depth = (up.parent if up is not None else None), depth + 1
    return False


def transaction_client(graph, target, seen=None):
    """The client a transaction runs on, as the linker bound it ("client-query"): its
    `$transaction` receiver's (`this.prisma.$transaction` of an injected client class, a
    module's `prisma.$transaction`), or for a project wrapper's call
    (`PrismaTransaction.start(fn)`) the client of the `$transaction` the wrapper opens,
    itself or through a wrapper it calls; the target as it is otherwise."""
    if target is None or target.kind != "function":
        return target
    seen = set() if seen is None else seen
    node = (target.path, target.name)
    f = graph.functions.get(node)
    if f is None or node in seen or len(seen) > 8:
        return target
    seen.add(node)
    for site in f.calls:
        if site.callee.path[-1:] == (JS_TRANSACTION,):
            found = graph.bound.get((node[0], site.span))
            if found is not None and found.kind == "client-query":
                return found
    for edge in graph.edges.get(node, ()):
        if graph.functions[edge.callee].effects.tx_body:
            found = transaction_client(graph, graph.bound.get((node[0], edge.site.span)), seen)
            if found is not None and found.kind == "client-query":
                return found
    return target
