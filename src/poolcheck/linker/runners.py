"""Functions handed to a project function that runs them: `withRetries(async () => fetch(url))`.

A function runs its parameter when it calls it (`Effects.runs_params`, the front-end's
reading: `return await fn()`), or hands it on to a function that does (`withRetries(fn,
retries - 1)`), to a fixed point. A function argument at such a position runs during the
call, so the caller gets an edge to it at that call site: its effects (slow work, queries
through the outer client) are the caller's, and its scope is the caller's. Nothing is
bound anew: the call site still binds to the runner (`graph.bound`).
"""

from __future__ import annotations

from .graph import Edge


def runner_edges(graph) -> None:
    runs = {node: set(f.effects.runs_params) for node, f in graph.functions.items()
            if getattr(f.effects, "runs_params", ())}
    if not runs:
        return
    sites = [(node, site, graph.bound.get((node[0], site.span)))
             for node, f in graph.functions.items() for site in f.calls]
    sites = [(node, graph.placed.get((node[0], site.span), site), (t.path, t.name))
             for node, site, t in sites if t is not None and t.kind == "function"]
    grew = True
    while grew:   # a parameter handed on to a runner's parameter is run too
        grew = False
        for node, site, callee in sites:
            hit = runs.get(callee)
            for j, arg in enumerate(site.args) if hit else ():
                if j in hit and arg.kind == "param" and arg.index is not None \
                        and arg.index not in runs.setdefault(node, set()):
                    runs[node].add(arg.index)
                    grew = True
    for node, site, callee in sites:
        hit = runs.get(callee)
        for j, arg in enumerate(site.args) if hit else ():
            target = (node[0], arg.function)
            if j in hit and arg.kind == "function" and arg.function and target in graph.functions:
                edge = Edge(node, target, site)
                graph.edges.setdefault(node, []).append(edge)
                graph.callers.setdefault(target, []).append(edge)
