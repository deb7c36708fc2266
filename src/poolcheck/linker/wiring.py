"""Hand-wired constructor injection: `this.repo.create()` of a class whose constructor
stores its argument in the field (`constructor(repo) { this.repo = repo }`,
`ClassInfo.param_fields`) is a method of the class the module-level code constructs it
with: `new Service(new Repo(prisma))`, or `const repo = new Repo(prisma)` passed along as
`new Service(repo)`, or the instance a factory returns (`new Service((new Repos).get(kind))`,
`Effects.returns_class`), in any module (`Instance.args`, bound through its imports). A
class's field initializers count as such constructions (`private readonly svc = new
Service(new Repo())`, `this.svc = new Service(...)` in its constructor). A field handed a
module's client (`new UserRepo(prisma)`) is that client, so `this.client.user.count()` is a
query on it.

By data flow only, never by the field's name: every module-level or field construction
of the class that passes that argument must pass an instance of one and the same project
class (or the same client); a construction passing anything else (the result of a call of
no known class, a parameter other than a constructor's), or two constructions of different
classes, bind nothing. A constructor that hands on its own parameter (`constructor(client)
{ this.notes = new NoteRepo(client) }`) passes what its class's constructions pass. A
class built only inside a function (a handler building its own) has no such construction
and binds nothing; a field bound to a client this way stays unbound when a construction
inside a function passes anything but a shared client (`new UserRepo(tx)`).
`supers.wired_class` judges a field by these constructions and its subclasses' `super(...)`;
a call on one object whose construction is known is judged by that one (`instances`).
"""

from __future__ import annotations

from dataclasses import replace

from .graph import Target


def constructed_with(binder, path: str, owner: str, index: int, found: set, dirty: list,
                     forwarded=None) -> bool:
    """Add to `found` what every module-level or field construction of the class passes at
    `index` (a client, or the class of an instance); False when one passes anything else.
    `dirty` gets an entry when a construction inside a function passes no shared client,
    unless `forwarded(module, function, arg)` says what it passes (a constructor handing on
    its own parameter: `supers.forwarded`)."""
    default = param_default(binder, path, owner, index)
    for where, inst in _constructions(binder).get((path, owner), ()):
        if not inst.args and default is None:
            continue   # `new Service()`: the field is left unset
        # past the last argument: left out (the default), or unknown after a spread
        held = passed(binder, where, inst.args[index]) if index < len(inst.args) else \
            default if not any(a is None for a in inst.args) else None
        if held is None:
            return False
        found.add(held)
    for where, fn, arg in _built_in_functions(binder, path, owner, index):
        if arg.kind == "absent" and default is not None and default.kind == "client":
            continue   # the default: the shared client
        if arg.kind != "outer-client" and not (forwarded is not None and forwarded(where, fn, arg)):
            dirty.append((path, owner))
            break
    return True


def param_default(binder, path: str, owner: str, index: int) -> Target | None:
    """What the constructor's default for parameter `index` names (`client = prisma`), bound."""
    info = binder._table(path)["cls"].get(owner)
    ref = dict(info.param_defaults).get(index) if info is not None else None
    return passed(binder, path, ref) if ref is not None else None


def passed(binder, where: str, arg) -> Target | None:
    """What an argument of module `where` names (a CalleeRef): a client (`new UserRepo(prisma)`),
    the class of an instance or of what a call returns (`new Service((new Repos).get(kind))`)."""
    held = binder.member(binder.local(where, arg.target), arg.path) if arg is not None else None
    if held is not None and held.kind == "client":
        return held
    if held is not None and arg.call is not None:
        return _returned_class(binder, held)
    if held is not None and held.kind == "instance":
        return binder.callee_class(held.path, binder._table(held.path)["inst"][held.name].cls)
    return None


def _built_in_functions(binder, path: str, owner: str, index: int):
    """(module, function, the argument at `index`) of every construction of the class
    inside a function, of any module (a call site `UserRepo.__init__`): Arg("absent")
    where it is not passed."""
    from ..symbols import Arg

    table = binder._built
    if table is None:
        table = binder._built = {}
        for where in sorted(binder.modules):
            for f in binder.modules[where].functions:
                for site in f.calls:
                    if site.callee.path[-1:] == ("__init__",):
                        ref = replace(site.callee, path=site.callee.path[:-1])
                        cls = binder.callee_class(where, ref)
                        if cls is not None:
                            table.setdefault((cls.path, cls.name), []).append((where, f, site.args))
    for where, f, args in table.get((path, owner), ()):
        yield where, f, args[index] if index < len(args) else Arg("absent")


def _returned_class(binder, fn: Target):
    """The class of the project a function returns an instance of, by what it declares or
    builds itself (`Effects.returns_class`), or None."""
    f = binder.modules[fn.path].function(fn.name) if fn.kind == "function" else None
    ref = f.effects.returns_class if f is not None else None
    return binder.callee_class(fn.path, ref) if ref is not None else None


def _constructions(binder) -> dict:
    """(class path, class name) -> [(module, Instance)] for the module-level instances,
    computed once per binder."""
    table = binder._wired
    if table is None:
        table = binder._wired = {}
        for where in sorted(binder.modules):
            for inst in binder.modules[where].instances:
                cls = binder.callee_class(where, inst.cls)
                if cls is not None:
                    table.setdefault((cls.path, cls.name), []).append((where, inst))
    return table


def interface_call(binder, path: str, ref) -> Target | None:
    """`repo.find(id)` on a name that binds to nothing of the project, whose type is an
    interface one class of the project implements (`exists(repo: NoteRepo)` beside `class
    NotePg implements NoteRepo`, audit 24): that class's method. A name the linker binds
    otherwise never gets here; two implementers (a real one and a test's fake) bind nothing."""
    if not ref.path or binder.local(path, ref.target) is not None:
        return None
    imp = binder._table(path)["imp"].get(ref.target)
    name = imp.imported if imp is not None and imp.imported not in ("*", "default") else ref.target
    found = _implementers(binder).get(name, ())
    if len(found) != 1:
        return None
    return binder.member(binder.method(found[0], ref.path[0]), ref.path[1:]) if len(ref.path) > 1 \
        else binder.method(found[0], ref.path[0])


def _implementers(binder) -> dict:
    """Interface name -> the project's classes that implement it, once per binder."""
    if binder._implementers is None:
        binder._implementers = {}
        for p in sorted(binder.modules):
            for c in binder.modules[p].classes:
                for name in c.implements:
                    binder._implementers.setdefault(name, []).append(Target("class", p, c.name))
    return binder._implementers


def implementer(binder, path: str, owner: str | None, ref) -> Target | None:
    """The one class of the project that implements the interface `ref` names (`@Inject(TOKEN)
    private readonly points: IPointRepository` beside `class PointRepository implements
    IPointRepository`), or None: none, or two (a real one and a test's fake) bind nothing.
    Only for a class the framework builds (no construction of it in the code): one built by
    hand says what it holds by its arguments (`wired_class`), or leaves it unknown."""
    if owner is None or _constructions(binder).get((path, owner)):
        return None
    found = _implementers(binder).get(ref.path[-1] if ref.path else ref.target, ())
    return found[0] if len(found) == 1 else None

