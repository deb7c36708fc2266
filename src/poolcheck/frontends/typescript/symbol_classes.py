"""Constructing a class of the project runs its constructor, for the TS/JS symbols
(`symbols.py`): `new UserService()` in a handler builds, per request, what the constructor
and the class's field initializers build (`private db = new PrismaClient()`). As the
Python front-end does with `UserService()`: the constructor is the class's `__init__`
method in every language's symbols, and `new X()` a call site of `X.__init__`.

Field initializers run in no function of their own: a class holding any gets a function
for them (`X.<fields>`, its body the class body, so the file's facts in a field are
placed in it), called by the explicit constructor, or standing as `__init__` itself.
"""

from __future__ import annotations

from dataclasses import replace

from ...symbols import CallSite, CalleeRef, Effects, Function
from ..ts_model import FUNCTION_TYPES, class_of, member_chain, resolve, strip
from .constructions import in_loop


def construction_sites(ex, owner_of) -> list[tuple[object, object, CallSite]]:
    """(enclosing function node or None, the `new` node, site) for each `new X()` of a class the file
    defines or imports (a database client's is the client facts')."""
    an, prog = ex.an, ex.prog
    out = []
    for node in prog.nodes("new_expression"):
        ctor = strip(node.child_by_field_name("constructor"))
        if ctor is None or class_of(prog, ctor, an.local_classes) is not None:
            continue
        root, segments = member_chain(prog, ctor) if ctor.type == "member_expression" else (ctor, [])
        if root is None or root.type != "identifier":
            continue
        b = resolve(prog, an.text(root), root)
        if b is None or b.kind not in ("import", "class"):
            continue
        kind = "import" if b.kind == "import" else "name"
        owner = owner_of(node)
        tx = ex._transaction_of(node) if ex.tx_bodies else None
        out.append((owner, node, CallSite(
            span=an.span(node), callee=CalleeRef(kind, an.text(root), (*segments, "__init__"), an.text(ctor)),
            args=ex._args(node, owner, tx), in_loop=in_loop(an.tf, node, ex.loops),
            memoised=ex._memo_call(node),   # `if (!shared) shared = new PrismaService()`
            transaction=tx[1] if tx is not None else None,
            transaction_receiver=tx[2] if tx is not None else None)))
    return out


def field_class(node):
    """The class whose instance field initializer holds `node` (not a static one), or None."""
    parent = node.parent
    while parent is not None:
        if parent.type == "public_field_definition":
            if any(c.type == "static" for c in parent.children):
                return None
            body = parent.parent
            cls = body.parent if body is not None and body.type == "class_body" else None
            return cls if cls is not None and cls.type in ("class_declaration", "class") else None
        if parent.type in ("class_body", "program") or parent.type in FUNCTION_TYPES:
            return None
        parent = parent.parent
    return None


def with_field_functions(ex, classes, functions, field_constructs: dict, field_calls: dict):
    """The classes with `__init__` for their constructor, and the functions with one
    `X.<fields>` function per class whose field initializers build or call anything."""
    an = ex.an
    functions = list(functions)
    by_id = {f.id: i for i, f in enumerate(functions)}
    out = []
    nodes = {c.id: c for c in ex.prog.nodes("class_declaration", "abstract_class_declaration")}
    for info in classes:
        methods = [("__init__" if name == "constructor" else name, fid) for name, fid in info.methods]
        cls = next((n for n in nodes.values() if an.text(n.child_by_field_name("name")) == info.name
                    and an.span(n.child_by_field_name("name")) == info.span), None)
        constructs = field_constructs.get(cls.id, ()) if cls is not None else ()
        calls = field_calls.get(cls.id, ()) if cls is not None else ()
        if constructs or calls:
            body = cls.child_by_field_name("body")
            fid = f"{info.name}.<fields>@{info.span.line}:{info.span.col}"
            functions.append(Function(
                id=fid, name=None, qualname=f"{info.name}.constructor", span=info.span,
                body=an.span(body), kind="method", owner=info.name, calls=tuple(calls),
                effects=Effects(constructs=tuple(constructs))))
            ctor = dict(methods).get("__init__")
            if ctor is None:
                methods.append(("__init__", fid))
            elif ctor in by_id:   # the explicit constructor runs the initializers first
                f = functions[by_id[ctor]]
                site = CallSite(span=info.span, callee=CalleeRef("local", fid, (), f"{info.name} fields"))
                functions[by_id[ctor]] = replace(f, calls=(site, *f.calls))
        out.append(replace(info, methods=tuple(methods)))
    return tuple(out), tuple(functions)


def class_expression_base(an, value):
    """`Extended` of `extends Extended` beside `const Extended = class extends PrismaClient {}`
    (what that class expression extends) or `const Extended = extendedClient()` (the call);
    else `value`."""
    b = resolve(an.prog, an.text(value), value) if value is not None and value.type == "identifier" else None
    init = strip(b.init) if b is not None and b.kind == "module" and not b.path else None
    if init is not None and init.type == "call_expression":
        return init
    heritage = next((c for c in init.named_children if c.type == "class_heritage"), None) \
        if init is not None and init.type == "class" else None
    ext = next((c for c in heritage.named_children if c.type == "extends_clause"), None) if heritage else None
    return strip(ext.child_by_field_name("value")) if ext is not None else value
