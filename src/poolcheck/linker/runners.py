"""Functions handed to a project function that runs them: `withRetries(async () => fetch(url))`.

A function runs its parameter when it calls it (`Effects.runs_params`, the front-ends'
reading: `return await fn()`), or hands it on to a function that does (`withRetries(fn,
retries - 1)`; options.run_params, the fixed point the transaction wrappers' bodies use).
A function argument at such a position runs during the call, so the caller gets an edge to
it at that call site: its effects (slow work, queries through the outer client) are the
caller's, and its scope is the caller's. Nothing is bound anew: the call site still binds to
the runner (`graph.bound`).
"""

from __future__ import annotations

from .graph import Edge
from .options import run_params


def runner_edges(graph) -> None:
    runs = run_params(graph)
    if not runs:
        return
    for callee in sorted(runs):
        for edge in list(graph.callers.get(callee, ())):
            site = graph.placed.get((edge.caller[0], edge.site.span), edge.site)
            for j, arg in enumerate(site.args):
                target = (edge.caller[0], arg.function)
                if j in runs[callee] and arg.kind == "function" and arg.function and target in graph.functions:
                    new = Edge(edge.caller, target, edge.site)
                    graph.edges.setdefault(edge.caller, []).append(new)
                    graph.callers.setdefault(target, []).append(new)
