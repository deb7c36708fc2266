"""A class that keeps a Prisma client in a static field and hands it out, for the TS/JS
symbols (`symbols.py`): `private static instance = new PrismaClient()` with `static
getInstance() { return this.instance }`, or the lazy `static get() { return (this.client
??= new PrismaClient()) }` (also `if (!X.client) X.client = new PrismaClient(); return
X.client`). The method returns a client the module keeps for the process
(`Effects.returns_client`, named "PrismaClientInstance.instance"), so the linker binds
`PrismaClientInstance.getInstance().user.findMany()` in any module to that one client.
An instance field, a static method returning anything else, or a client built per call
(`static create() { return new PrismaClient() }`) is not one.

And a function that builds a client class (`Effects.returns_client_class`), for a class
that extends what it returns (`class PrismaService extends extendedClient()`, the
extended-client pattern of Prisma's NestJS recipes): it returns `class extends
PrismaClient {...}`, or a constructor (a class expression, `new Proxy(class {}, {...})`)
where it builds or extends a client (`new PrismaClient()`, `prisma.$extends(ext)`). A
mixin (`withTimestamps(Base)`) builds none."""

from __future__ import annotations

from ..ts_model import FUNCTION_TYPES, class_of, strip
from .clients import is_client_expr
from .symbol_fallback import returned_choices
from .symbol_returns import _THROUGH, _returns


def client_effects(ex) -> dict[int, dict]:
    """Function node id -> the `Effects` fields this module reads: `returns_client`,
    `returns_client_class`, `returns_choice` (symbol_fallback)."""
    out: dict[int, dict] = {fid: {"returns_client": name} for fid, name in static_clients(ex).items()}
    for fid in client_class_factories(ex):
        out.setdefault(fid, {})["returns_client_class"] = True
    for fid, choice in returned_choices(ex).items():
        out.setdefault(fid, {})["returns_choice"] = choice
    return out


def static_clients(ex) -> dict[int, str]:
    """Function node id -> "Class.field" of the static client field the method returns."""
    prog, an = ex.prog, ex.an
    fields: dict[int, set] = {}     # class node id -> its static fields holding a client
    out: dict[int, str] = {}
    for node in prog.nodes("new_expression"):
        made = class_of(prog, node.child_by_field_name("constructor"), an.local_classes)
        if made is None or made[0] != "prisma":
            continue
        child = _extended(node)
        parent = child.parent
        if parent is not None and parent.type == "public_field_definition" and _static(parent) \
                and parent.parent is not None and parent.parent.type == "class_body":
            name = parent.child_by_field_name("name")
            if name is not None and strip(parent.child_by_field_name("value")) == strip(child):
                fields.setdefault(parent.parent.parent.id, set()).add(an.text(name))
            continue
        if parent is None or parent.type not in ("assignment_expression", "augmented_assignment_expression") \
                or parent.child_by_field_name("right") != child:
            continue
        owner = ex.enclosing(node)
        cls = _class_of_static(owner)
        field = _static_member(an, parent.child_by_field_name("left"), cls)
        if field is None:
            continue
        if _in_return(parent):   # `return (this.client ??= new PrismaClient())`
            out[owner.id] = f"{_name(an, cls)}.{field}"
        else:                           # `if (!X.client) X.client = new PrismaClient()`
            fields.setdefault(cls.id, set()).add(field)
    for fn in ex.fns:
        cls = _class_of_static(fn)
        held = fields.get(cls.id) if cls is not None else None
        if not held or fn.id in out:
            continue
        for field in sorted(held):
            if _returns(ex, fn, lambda v, f=field, c=cls: _static_member(an, v, c) == f):
                out[fn.id] = f"{_name(an, cls)}.{field}"
                break
    return out


def _extended(node):
    """`new PrismaClient()` up through what it passes through to its holder, `.$extends(...)`
    calls included (`new PrismaClient().$extends(ext)` is still that client)."""
    child = node
    while True:
        parent = child.parent
        if parent is None:
            return child
        if parent.type in _THROUGH:
            child = parent
        elif parent.type == "member_expression" and parent.child_by_field_name("object") == child \
                and parent.parent is not None and parent.parent.type == "call_expression" \
                and (prop := parent.child_by_field_name("property")) is not None \
                and prop.type == "property_identifier" and prop.text.startswith(b"$extends"):
            child = parent.parent
        else:
            return child


def _static(node) -> bool:
    return any(c.type == "static" for c in node.children)


def _class_of_static(fn):
    """The class of a static method (`static getInstance() {...}`), else None."""
    if fn is None or fn.type != "method_definition" or not _static(fn):
        return None
    body = fn.parent
    cls = body.parent if body is not None and body.type == "class_body" else None
    return cls if cls is not None and cls.type in ("class_declaration", "class") else None


def _static_member(an, node, cls) -> str | None:
    """`field` of `this.field` or `Class.field` in a static method of `cls`."""
    node = strip(node)
    if cls is None or node is None or node.type != "member_expression":
        return None
    obj, prop = strip(node.child_by_field_name("object")), node.child_by_field_name("property")
    if obj is None or prop is None or prop.type not in ("property_identifier", "private_property_identifier"):
        return None
    if obj.type == "this" or obj.type == "identifier" and an.text(obj) == _name(an, cls):
        return an.text(prop)
    return None


def _in_return(node) -> bool:
    parent = node.parent
    while parent is not None and parent.type in _THROUGH:
        parent = parent.parent
    return parent is not None and parent.type == "return_statement"


def _name(an, cls) -> str:
    name = cls.child_by_field_name("name")
    return an.text(name) if name is not None else ""


def client_class_factories(ex) -> set[int]:
    """Function node ids of the functions that return a client class."""
    prog, an = ex.prog, ex.an
    if b"PrismaClient" not in prog.data and b"$extends" not in prog.data:
        return set()
    out = set()
    builds = None
    for fn in ex.fns:
        kinds = {_constructor_kind(an, v) for v in _return_values(fn)}
        if not kinds or None in kinds:
            continue
        if kinds == {"client"}:
            out.add(fn.id)
            continue
        if builds is None:
            builds = [n for t in ("new_expression", "call_expression") for n in prog.nodes(t)
                      if _builds_client(an, n)]
        if any(fn.start_byte <= n.start_byte and n.end_byte <= fn.end_byte for n in builds):
            out.add(fn.id)
    return out


def _return_values(fn):
    """The values the function returns itself (not a function nested in it): its arrow
    body, or each `return`'s."""
    body = fn.child_by_field_name("body")
    if body is not None and body.type != "statement_block":
        yield strip(body)
        return
    stack = list(body.named_children) if body is not None else []
    while stack:
        node = stack.pop()
        if node.type in FUNCTION_TYPES or node.type in ("class_declaration", "class"):
            continue
        if node.type == "return_statement":
            if node.named_children:
                yield strip(node.named_children[0])
            continue
        stack.extend(node.named_children)


def _constructor_kind(an, value):
    """"client" for `class extends PrismaClient {...}`, "constructor" for another class
    expression or `new Proxy(...)`, None for anything else."""
    if value is None:
        return None
    if value.type == "class":
        heritage = next((c for c in value.named_children if c.type == "class_heritage"), None)
        ext = next((c for c in heritage.named_children if c.type == "extends_clause"), None) \
            if heritage is not None else None
        made = class_of(an.prog, ext.child_by_field_name("value"), an.local_classes) if ext is not None else None
        return "client" if made is not None and made[0] == "prisma" else "constructor"
    if value.type == "new_expression" and an.text(value.child_by_field_name("constructor")) == "Proxy":
        return "constructor"
    return None


def _builds_client(an, node) -> bool:
    if node.type == "call_expression":
        fn = strip(node.child_by_field_name("function"))
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        if prop is None or an.text(prop) != "$extends":
            return False
    return is_client_expr(an.tf, node)
