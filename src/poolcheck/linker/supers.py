"""A base class's constructor parameter through its subclasses' `super(...)`: `this.prisma`
of a `BaseRepository` whose constructor stores its argument (`constructor(protected prisma:
PrismaClient)`, `this.prisma = client`) holds what every subclass hands it: the module's
client (`super(Entity.ITEM, prisma)`), or what the subclass's own constructions pass for
the parameter it forwards (`constructor(db) { super(db) }`), or, for a subclass without a
constructor of its own, what its constructions pass at that position (`wiring`).

By data flow only: a subclass passing anything else (a call, an expression) makes the
field unknown, as a construction passing it does.
"""

from __future__ import annotations

from .graph import Target
from .wiring import constructed_with, param_default, passed


def wired_class(binder, path: str, owner: str | None, fieldname: str) -> Target | None:
    """The class of what `this.<fieldname>` of class `owner` (of module `path`) holds when
    the constructor stores an argument there, or the module's client (a "client" Target)
    when every construction hands it the same one (`new UserRepo(prisma)`), or None.
    A subclass's `super(...)` is a construction too (`handed`)."""
    info = binder._table(path)["cls"].get(owner) if owner is not None else None
    index = dict(info.param_fields).get(fieldname) if info is not None else None
    if index is None:
        return None
    found: set = set()
    dirty: list = []
    if not handed(binder, path, owner, index, found, dirty):
        return None
    if len(found) != 1:
        return None
    held = found.pop()
    if held.kind == "client" and dirty:
        return None   # `new UserRepo(tx)` in a handler too: the field is not always that client
    return held


def handed(binder, path: str, owner: str, index: int, found: set, dirty: list, depth: int = 0) -> bool:
    """Add to `found` what the constructions of class `owner` and of its subclasses hand its
    constructor at `index`; False when one hands something unknown."""
    if depth > 8 or not constructed_with(binder, path, owner, index, found, dirty,
                                         lambda where, fn, arg: forwarded(binder, where, fn, arg, found, depth)):
        return False
    for where, sub in _subclasses(binder).get((path, owner), ()):
        if "__init__" not in dict(sub.methods):   # `class Items extends Base {}`: `new Items(prisma)`
            if not handed(binder, where, sub.name, index, found, dirty, depth + 1):
                return False
            continue
        arg = sub.super_args[index] if index < len(sub.super_args) else None
        if arg is not None and arg.kind == "param":   # `constructor(db) { super(db) }`
            if not handed(binder, where, sub.name, int(arg.target), found, dirty, depth + 1):
                return False
            continue
        # `super()`: the base's default (`constructor(client = prisma)`)
        held = passed(binder, where, arg) if index < len(sub.super_args) else param_default(binder, path, owner, index)
        if held is None:
            return False
        found.add(held)
    return True


def forwarded(binder, where: str, fn, arg, found: set, depth: int) -> bool:
    """Whether a construction inside `fn` passes the parameter of a constructor that every
    construction of its class (and of its subclasses) hands a shared client or a known
    instance, which is then what this construction passes (added to `found`): a hand-wired
    container (`constructor(client) { this.notes = new NoteRepo(client) }` of `new
    Services(prisma)`)."""
    if arg.kind != "param" or arg.index is None or fn.name not in ("constructor", "__init__") \
            or fn.owner is None:
        return False
    info = binder._table(where)["cls"].get(fn.owner)
    if info is None or dict(info.methods).get("__init__") != fn.id:
        return False
    outer: set = set()
    outer_dirty: list = []
    if not handed(binder, where, fn.owner, arg.index, outer, outer_dirty, depth + 1) or not outer \
            or outer_dirty and any(t.kind == "client" for t in outer):
        return False
    found.update(outer)
    return True


def _subclasses(binder) -> dict:
    """(class path, class name) -> [(module, ClassInfo)] of the classes extending it."""
    table = binder._subclasses
    if table is None:
        table = binder._subclasses = {}
        for where in sorted(binder.modules):
            for c in binder.modules[where].classes:
                for base in c.bases:
                    cls = binder.callee_class(where, base)
                    if isinstance(cls, Target):
                        table.setdefault((cls.path, cls.name), []).append((where, c))
    return table
