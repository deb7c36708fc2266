"""Per object: what a method called on one object queries, when the call that built it is
known. A factory-function service's queries on its factory's parameter (`factories`) and a
class's on the field its constructor stores its argument in (`wiring`) are judged over
every call of the factory or construction of the class; a call whose receiver one call
built (`const tasks = createTaskService(prismaDb)`, `seats = SeatRepository(db)` at module
level, imported, or `new Repo(prismaDb)` / `createTaskService(prismaDb)` in the function)
queries what that call hands, whatever the others hand (`createTaskService(tx)`,
`SeatRepository(tx)` in a transaction). A function that builds and returns the object on
its parameter (`def make_repo(db): return Repo(db)`) hands the class what its call passes
(`repo = make_repo(prisma)`, `make_repo(prisma).count()`).

Only the method's own queries, and only a shared client passed by name; an object built on
anything else (`tx`, a parameter, an expression) adds nothing.
"""

from __future__ import annotations

from dataclasses import replace

from ..symbols import Arg
from .factories import client_arg
from .propagate import passes
from .wiring import passed


def instance_queries(graph, binder) -> None:
    """`graph.instance_queries`: (module, call span) -> [(method's module, query span, client
    as written, client-query Target, None)] for each call of a method on an object whose
    building call is known."""
    out = graph.instance_queries
    for path in sorted(graph.modules):
        for f in graph.modules[path].functions:
            for site in f.calls:
                target = graph.bound.get((path, site.span))
                method = graph.functions.get((target.path, target.name)) \
                    if target is not None and target.kind == "function" and len(site.callee.path) == 1 else None
                if method is None:
                    continue
                made = _built_by(graph, binder, path, f, site.callee)
                got = (_factory_made(graph, binder, made, target, method) if made is not None else []) or \
                    (_factory_built(graph, binder, made, target, method) if made is not None else []) or \
                    _class_made(graph, binder, path, f, site.callee, target, method)
                # a query only without an argument this call passes (`(db ?? client).x`): not its
                got = [g for g in got if g[4] is None or not passes(site, g[4])]
                if got:
                    out[(path, site.span)] = got


def _factory_made(graph, binder, made, target, method) -> list:
    """The method's queries on the parameter of the factory the call `made` calls."""
    factory = graph.bound.get((made[0], made[1].span))
    if factory is None or factory.kind != "function" or factory.path != target.path:
        return []
    out = []
    for q in method.calls:
        ref = q.callee
        if not q.query or ref.kind != "closure" or ref.target != factory.name or (target.path, q.span) in graph.bound:
            continue
        index = int(ref.path[0])
        got = client_arg(binder, made[0], made[1].args[index] if index < len(made[1].args) else None)
        client = binder.member(got[1], ref.path[1:]) if got is not None and ref.path[1:] else None
        if client is not None and client.kind == "client-query":
            out.append((target.path, q.span, got[0], client, q.unless_param))
    return out


def _class_made(graph, binder, path: str, fn, ref, target, method) -> list:
    """The method's queries on a field its class's constructor stores its argument in, for
    the object a construction built: a module-level instance (`seats = SeatRepository(db)`,
    this module's or imported) or a `new` in the function (`new Repo(prismaDb).count()`)."""
    built = _constructed(graph, binder, path, fn, ref)
    if built is None or method.owner is None:
        return []
    where, cls, args = built
    return _field_queries(binder, where, cls, args, target, method)


def _factory_built(graph, binder, made, target, method) -> list:
    """The method's queries on a field its class's constructor stores its argument in, for
    the object a function builds and returns (`def make_repo(db): return Repo(db)`) from the
    call `made` (`repo = make_repo(prisma)`): the function's parameter it hands the
    constructor is what that call passes there."""
    factory = graph.bound.get((made[0], made[1].span))
    fn = graph.functions.get((factory.path, factory.name)) if factory is not None and factory.kind == "function" else None
    if fn is None or method.owner is None:
        return []
    call = graph.placed.get((made[0], made[1].span), made[1])   # keywords placed by the parameters
    for site in _returned_constructions(fn):
        cls = binder.callee_class(factory.path, replace(site.callee, path=site.callee.path[:-1]))
        args = tuple(call.args[a.index] if a.kind == "param" and a.index < len(call.args) else Arg("other")
                     for a in site.args)
        return _field_queries(binder, made[0], cls, args, target, method)
    return []


def _returned_constructions(fn) -> list:
    """The constructions a function returns: `return Repo(db)`, `repo = Repo(db); return repo`
    (`returns_held`), or TS `return new Repo(db)` (`returns_class`, when the function builds
    that class once: two constructions may hand it different clients)."""
    built = [s for s in fn.calls if s.callee.path[-1:] == ("__init__",)]
    returned = set(fn.effects.returns_calls) | set(fn.effects.returns_held)
    out = [s for s in built if s.span in returned]
    cls = fn.effects.returns_class
    if out or cls is None:
        return out
    same = [s for s in built if (s.callee.kind, s.callee.target, s.callee.path[:-1]) == (cls.kind, cls.target, cls.path)]
    return same if len(same) == 1 else []


def _field_queries(binder, where: str, cls, args, target, method) -> list:
    """The method's queries on the fields of `cls` (its constructor storing argument i in
    one) that the construction's `args` hand a shared client by name."""
    if cls is None or cls.path != target.path or cls.name != method.owner:
        return []
    info = binder._table(cls.path)["cls"].get(cls.name)
    fields = dict(info.param_fields) if info is not None else {}
    defaults = dict(info.param_defaults) if info is not None else {}
    out = []
    for q in method.calls:
        index = fields.get(q.callee.target) if q.query and q.callee.kind == "this" and q.callee.target else None
        arg = args[index] if index is not None and index < len(args) else None
        if arg is None and index is not None and index >= len(args) and index in defaults \
                and not any(a is None for a in args):   # left out: the default (`client = prisma`)
            held = passed(binder, cls.path, defaults[index])
            got = (defaults[index].target, held) if held is not None and held.kind == "client" else None
        elif arg is None:
            continue
        elif isinstance(arg, Arg):   # of a `new` in the function
            got = client_arg(binder, where, arg)
        else:                      # a CalleeRef of a module-level instance
            held = passed(binder, where, arg)
            got = (arg.target, held) if held is not None and held.kind == "client" else None
        client = binder.member(got[1], q.callee.path) if got is not None and q.callee.path else None
        if client is not None and client.kind == "client-query":
            out.append((target.path, q.span, got[0], client, q.unless_param))
    return out


def _constructed(graph, binder, path: str, fn, ref):
    """(module, class Target, arguments) of the construction `ref`'s receiver is, or None."""
    # `new Repo(prismaDb).count()`; Python `TagRepository(db).tags()`, `t = TagRepository(db); t.tags()`
    site = next((c for c in fn.calls if c.span == ref.call and c.callee.path[-1:] == ("__init__",)), None) \
        if ref.call is not None else None
    if site is None and ref.kind == "returned":
        return None
    if site is not None:
        cls = binder.callee_class(path, replace(site.callee, path=site.callee.path[:-1]))
        return path, cls, graph.placed.get((path, site.span), site).args   # `Repo(client=db)` placed
    if ref.kind not in ("name", "import"):
        return None
    held = binder.local(path, ref.target)
    if held is None or held.kind != "instance":
        return None
    inst = binder._table(held.path)["inst"][held.name]
    return held.path, binder.callee_class(held.path, inst.cls), inst.args


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
