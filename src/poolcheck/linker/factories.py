"""Factory-function services: a query on a parameter of a module-level function from a
function nested in it (`export function makeNoteService(client) { return { addNote() {
return client.note.create() } } }`, a CalleeRef "closure") runs on the client every call
of the factory hands it (`const notes = makeNoteService(db)`, at module level or in a
helper), as a constructor's parameter stored in a field does (`wiring`).

By data flow only: every call of the factory among the linked modules must pass the same
shared client by name at that position; one passing anything else (`makeNoteService(tx)`,
a parameter, an expression) binds nothing. A call on one object whose building call is
known is judged by that call (`instances`).
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
        got = client_arg(binder, where, site.args[index] if index < len(site.args) else None)
        if got is None:
            return None
        found.setdefault(got[1], got[0])
    return found


def client_arg(binder, where: str, arg):
    """(the name, the "client" Target) of the shared client an argument (an `Arg`) of a
    call in module `where` passes by name, or None."""
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

