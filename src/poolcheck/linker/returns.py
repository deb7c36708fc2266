"""What project functions return: a package's client (the binder's `bind_returned`).

A function returns a package's client when it builds one and returns it
(`Effects.returns_package`, the front-end's reading), or returns the result of a call that
does: a project function that returns one, a package class's constructor
(`httpx.AsyncClient()`), or a package's client factory (`axios.create()`,
`boto3.client("s3")`, `vocabulary.slow.CLIENT_FACTORIES`). To a fixed point over the
returns, so factories of factories and cycles are handled.
"""

from __future__ import annotations

from collections import deque

from ..vocabulary.slow import CLIENT_FACTORIES


def returned_packages(graph) -> dict:
    """NodeId -> the package-qualified client it returns ("stripe", "httpx.AsyncClient")."""
    out: dict = {}
    pending: dict = {}   # node -> the NodeIds of the project functions whose result it returns
    for node, f in graph.functions.items():
        e = f.effects
        if e.returns_package:
            out[node] = e.returns_package
            continue
        spans = (*e.returns_calls, *getattr(e, "returns_held", ()))
        for span in spans:
            t = graph.bound.get((node[0], span))
            if t is None:
                continue
            if t.kind == "external":
                package = client_of(t.name)
                if package:
                    out[node] = package
                    break
            elif t.kind == "function" and (t.path, t.name) in graph.functions:
                pending.setdefault(node, []).append((t.path, t.name))
    if not pending:
        return out
    waiting: dict = {}
    for node, callees in pending.items():
        for callee in callees:
            waiting.setdefault(callee, []).append(node)
    work = deque(n for n in sorted(out) if n in waiting)
    while work:
        callee = work.popleft()
        for node in waiting.get(callee, ()):
            if node not in out:
                out[node] = out[callee]
                work.append(node)
    return out


def client_of(name: str) -> str | None:
    """`httpx.AsyncClient.__init__` -> "httpx.AsyncClient"; `axios.create` -> itself; a
    package call that builds no client (`fetch`, `axios.get`) -> None."""
    if name.endswith(".__init__"):
        return name[: -len(".__init__")]
    last = name.rsplit(".", 1)[-1]
    return name if last in CLIENT_FACTORIES else None


def returned_calls(graph) -> dict:
    """(path, call span) -> the package method it calls, for methods of what a project
    function returns (`stripeSDK().charges.create()`, `const c = getClient(); c.request()`,
    a module-level `const s = makeStripe()`): when that function returns a package's
    client, built there or by a function it returns the result of, the call is that
    package's method (`stripe.charges.create`), for the known-library lists."""
    out = {}
    packages = returned_packages(graph)
    for path in sorted(graph.modules):
        m = graph.modules[path]
        for sites in [m.module_calls, *(f.calls for f in m.functions)]:
            for site in sites:
                ref = site.callee
                if ref.call is None or ref.kind not in ("returned", "name") \
                        or ref.kind == "name" and (path, site.span) in graph.bound:
                    continue
                inner = graph.bound.get((path, ref.call))
                package = packages.get((inner.path, inner.name)) if inner is not None and inner.kind == "function" \
                    else client_of(inner.name) if inner is not None and inner.kind == "external" else None
                if package:
                    out[(path, site.span)] = ".".join((package, *ref.path))
    return out
