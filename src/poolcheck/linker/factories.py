"""Factory-function services: a query on a parameter of a module-level function from a
function nested in it (`export function makeNoteService(client) { return { addNote() {
return client.note.create() } } }`, a CalleeRef "closure") runs on the client every call
of the factory hands it (`const notes = makeNoteService(db)`, at module level or in a
helper), as a constructor's parameter stored in a field does (`wiring`).

By data flow only: every call of the factory among the linked modules must pass the same
shared client by name at that position; one passing anything else (`makeNoteService(tx)`,
a parameter, an expression) binds nothing.
"""

from __future__ import annotations

from .graph import Target


def factory_param(binder, path: str, ref) -> Target | None:
    """What `ref` (kind "closure": the factory's id, the parameter's position, the members)
    of module `path` calls: a query on the one client every call of the factory passes."""
    found = _handed(binder, path, ref)
    return binder.member(next(iter(found)), ref.path[1:]) if found and len(found) == 1 and ref.path[1:] else None


def handed_name(binder, path: str, ref) -> str | None:
    """The name the factory's calls hand the client by (`prismaDb` of
    `createNoteService(prismaDb)`), for the message: the parameter's (`client`) says
    nothing of which client it is; the first call's when they spell it differently."""
    found = _handed(binder, path, ref)
    return found[next(iter(found))] if found and len(found) == 1 else None


def _handed(binder, path: str, ref) -> dict | None:
    """client Target -> the name the first call passes it by, over every call of the
    factory; None when one passes anything but a shared client by name."""
    index = int(ref.path[0])
    found: dict = {}
    for where, site in _calls(binder).get((path, ref.target), ()):
        got = _client_arg(binder, where, site, index)
        if got is None:
            return None
        found.setdefault(got[1], got[0])
    return found


def _client_arg(binder, where: str, call, index: int):
    """(the name, the "client" Target) of the shared client the call in module `where`
    passes by name at `index`, or None."""
    arg = call.args[index] if index < len(call.args) else None
    held = binder.local(where, arg.name) if arg is not None and arg.kind in ("outer-client", "other") and arg.name else None
    return (arg.name, held) if held is not None and held.kind == "client" else None


def _calls(binder) -> dict:
    """(module, function id) -> [(module, CallSite)] of the calls binding to that function
    by name (a local function, a module-level name or an import), computed once."""
    table = binder._factory_calls
    if table is None:
        table = binder._factory_calls = {}
        for where in sorted(binder.modules):
            m = binder.modules[where]
            sites = [(f, s) for f in m.functions for s in f.calls] + [(None, s) for s in m.module_calls]
            for f, site in sites:
                if site.callee.kind in ("local", "name", "import"):
                    target = binder.call(where, f, site)
                    if target is not None and target.kind == "function":
                        table.setdefault((target.path, target.name), []).append((where, site))
    return table


def instance_queries(graph, binder) -> None:
    """`graph.instance_queries`: (module, call span) -> [(method's module, query span, client
    as written, client-query Target)] for a call of a method on the object one call of a
    factory built (`const tasks = createTaskService(prismaDb)` at module level or in the
    function, `createTaskService(prismaDb).updateTask()`): its queries on the factory's
    parameter run on what that call hands it, whatever the factory's other calls hand
    theirs (`createTaskService(tx)` in a transaction). Only the method's own queries; a
    call of the factory handing anything but a shared client by name adds nothing."""
    out = graph.instance_queries
    for path in sorted(graph.modules):
        for f in graph.modules[path].functions:
            for site in f.calls:
                target = graph.bound.get((path, site.span))
                method = graph.functions.get((target.path, target.name)) \
                    if target is not None and target.kind == "function" and len(site.callee.path) == 1 else None
                made = _built_by(graph, binder, path, f, site.callee) if method is not None else None
                factory = graph.bound.get((made[0], made[1].span)) if made is not None else None
                if factory is None or factory.kind != "function" or factory.path != target.path:
                    continue
                for q in method.calls:
                    got = _on_instance(binder, made, factory.name, q) \
                        if q.query and (target.path, q.span) not in graph.bound else None
                    if got is not None:
                        out.setdefault((path, site.span), []).append((target.path, q.span, *got))


def _built_by(graph, binder, path: str, fn, ref):
    """(module, CallSite) of the call whose result `ref`'s receiver is: the call of the
    function (`ref.call`) or the module-level one a name holds (this module's or imported)."""
    if ref.kind in ("returned", "name") and ref.call is not None:   # "name": this module's `const tasks = ...`
        sites = fn.calls if ref.kind == "returned" else graph.modules[path].module_calls
        return next(((path, c) for c in sites if c.span == ref.call), None)
    if ref.kind not in ("name", "import"):
        return None
    held = binder.local(path, ref.target)
    if held is None or held.kind != "held":
        return None
    span = binder.held_span(held)
    return next(((held.path, c) for c in graph.modules[held.path].module_calls if c.span == span), None)


def _on_instance(binder, made, factory: str, q):
    """(the client as written, its client-query Target) a closure query `q` of the factory
    `factory` runs on for the object the call `made` built, or None."""
    ref = q.callee
    if ref.kind != "closure" or ref.target != factory:
        return None
    got = _client_arg(binder, *made, int(ref.path[0]))
    client = binder.member(got[1], ref.path[1:]) if got is not None and ref.path[1:] else None
    return (got[0], client) if client is not None and client.kind == "client-query" else None
