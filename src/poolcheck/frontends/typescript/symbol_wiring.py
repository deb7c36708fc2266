"""Hand-wired constructor injection, for the TS/JS symbols (`symbols.py`): what the linker
needs to bind `this.repo.create()` of a class whose constructor stores its argument
(`constructor(repo) { this.repo = repo }`) to the class of what the module-level code
constructs it with (`new Service(new Repo(prisma))`, `const repo = new Repo(prisma);
new Service(repo)`), in the same module or through imports (`linker.wired`).

Only data flow: the field's parameter position, and the arguments of the `new` that
builds a module-level instance, as names the linker binds. A `new` nested in an
argument is an instance of its own, under a name no identifier can have (`<new>3:14`).
"""

from __future__ import annotations

from ..ts_model import member_chain, resolve, strip
from ...symbols import CalleeRef, Instance


def param_fields(an, ctor) -> tuple[tuple[str, int], ...]:
    """(field, constructor parameter position) for `this.field = param` among the
    constructor's own statements, and for a TS parameter property (`constructor(private
    repo)`; a typed one binds by its type first, by this when the type is no class of the
    project: `private readonly repo: UserRepository` of an interface)."""
    out = []
    params = ctor.child_by_field_name("parameters")
    for i, p in enumerate(c for c in (params.named_children if params is not None else ())
                          if c.type != "comment"):
        if p.type in ("required_parameter", "optional_parameter") \
                and any(c.type == "accessibility_modifier" or an.text(c) == "readonly" for c in p.children):
            pattern = p.child_by_field_name("pattern")
            if pattern is not None and pattern.type == "identifier":
                out.append((an.text(pattern), i))
    for prop, right in this_assignments(ctor):
        if right is None or right.type != "identifier":
            continue
        b = resolve(an.prog, an.text(right), right)
        if b is not None and b.kind == "param" and b.owner == ctor.id and not b.path and b.index is not None:
            out.append((an.text(prop), b.index))
    return tuple(out)


def param_defaults(an, ctor, ref_of) -> tuple[tuple[int, CalleeRef], ...]:
    """(position, what it names) of the constructor's parameters whose default is a
    module-level name or an import (`constructor(client: PrismaClient = prisma)`)."""
    out = []
    params = ctor.child_by_field_name("parameters")
    for i, p in enumerate(c for c in (params.named_children if params is not None else ())
                          if c.type != "comment"):
        value = strip(p.child_by_field_name("value")) if p.type in ("required_parameter", "optional_parameter") else None
        b = resolve(an.prog, an.text(value), value) if value is not None and value.type == "identifier" else None
        if b is not None and (b.kind == "import" or b.owner == 0 and not b.path):
            ref = ref_of(an, value)
            if ref is not None:
                out.append((i, ref))
    return tuple(out)


def super_args(an, ctor, ref_of) -> tuple[CalleeRef | None, ...]:
    """What the constructor's `super(...)` among its own statements hands the base class's
    constructor: `new_args` of the call, with the constructor's own parameters passed on
    as CalleeRef("param", "<position>")."""
    body = ctor.child_by_field_name("body")
    for stmt in (body.named_children if body is not None else ()):
        call = strip(stmt.named_children[0]) if stmt.type == "expression_statement" and stmt.named_children else None
        fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        if fn is None or fn.type != "super":
            continue
        out = list(new_args(an, call, ref_of, []))
        args = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
        for i, a in enumerate(args[:len(out)]):
            a = strip(a)
            b = resolve(an.prog, an.text(a), a) if a is not None and a.type == "identifier" else None
            if b is not None and b.kind == "param" and b.owner == ctor.id and not b.path and b.index is not None:
                out[i] = CalleeRef("param", str(b.index), (), an.text(a))
        return tuple(out)
    return ()


def new_args(an, new, ref_of, extra: list) -> tuple[CalleeRef | None, ...]:
    """What each argument of a module-level `new X(...)` names: a module-level name or an
    import (`authRepository`), a `new` of its own, added to `extra` as an instance under a
    name of its own, or the function a call's result comes from (`_called`); None for
    anything else."""
    args = new.child_by_field_name("arguments")
    out: list[CalleeRef | None] = []
    for a in (args.named_children if args is not None and args.type == "arguments" else ()):
        if a.type == "comment":
            continue
        if a.type == "spread_element":   # `new X(...deps)`: no position is known past it
            out.append(None)
            break
        a = strip(a)
        ref = None
        if a is not None and a.type == "identifier":
            b = resolve(an.prog, an.text(a), a)
            if b is not None and (b.kind == "import" or b.owner == 0 and b.kind in ("module", "class") and not b.path):
                ref = CalleeRef("import" if b.kind == "import" else "name", an.text(a), (), an.text(a))
        elif a is not None and a.type == "call_expression":   # `(new Repos).get(kind)`, `makeRepo()`
            ref = _called(an, a, ref_of)
        elif a is not None and a.type == "new_expression":
            cls = ref_of(an, a.child_by_field_name("constructor"))
            if cls is not None:
                span = an.span(a)
                name = f"<new>{span.line}:{span.col}"
                extra.append(Instance(name, cls, span, new_args(an, a, ref_of, extra)))
                ref = CalleeRef("name", name, (), an.text(a))
        out.append(ref)
    return tuple(out)


def factory_on_new(an, fn, ref_of) -> CalleeRef | None:
    """`new Mailgun(FormData).client` (the callee of a module-level value's call): the
    client a package's object builds, as that class's member, for the linker to judge
    by the package's name; None unless the `new` builds an imported class."""
    built = strip(fn.child_by_field_name("object"))
    if built is None or built.type != "new_expression":
        return None
    cls = ref_of(an, built.child_by_field_name("constructor"))
    if cls is None or cls.kind != "import":
        return None
    return CalleeRef(cls.kind, cls.target, (*cls.path, an.text(fn.child_by_field_name("property"))), an.text(fn))


def _called(an, call, ref_of) -> CalleeRef | None:
    """The function a call argument's value comes from, with `call` its span (the linker
    takes the class it returns, `Effects.returns_class`): a module-level function or an
    import (`makeRepo()`), a member of one (`Repos.get()`), or a method of the class a `new`
    builds (`(new TagRepos).get(kind)`)."""
    fn = strip(call.child_by_field_name("function"))
    root, segs = (fn, []) if fn is not None and fn.type == "identifier" else \
        member_chain(an.prog, fn) if fn is not None and fn.type == "member_expression" else (None, [])
    if root is not None and root.type == "new_expression" and segs:
        root = strip(root.child_by_field_name("constructor"))
    if root is None or root.type != "identifier":
        return None
    b = resolve(an.prog, an.text(root), root)
    if b is None or b.owner != 0 or b.path or b.kind not in ("import", "module", "function", "class"):
        return None
    return CalleeRef("import" if b.kind == "import" else "name", an.text(root), tuple(segs), an.text(call),
                     call=an.span(call))


def field_instances(an, ref_of) -> list[Instance]:
    """The constructions with arguments that a class's fields are initialised with
    (`private readonly svc = new Svc(new Repo())`, `this.svc = new Svc(repos.get())` among
    the constructor's own statements): each builds its instance with those arguments
    whenever the class is built, as a module-level one does once (`wiring` binds by
    both). Named `<field>line:col`, a name no identifier can have."""
    out: list[Instance] = []
    for cls in an.prog.nodes("class_declaration", "class"):
        body = cls.child_by_field_name("body")
        for m in (body.named_children if body is not None else ()):
            if m.type == "public_field_definition":
                values = [m.child_by_field_name("value")]
            elif m.type == "method_definition" and an.text(m.child_by_field_name("name")) == "constructor":
                values = [value for _, value in this_assignments(m)]
            else:
                continue
            for value in values:
                value = strip(value)
                ref = ref_of(an, value.child_by_field_name("constructor")) \
                    if value is not None and value.type == "new_expression" else None
                args = new_args(an, value, ref_of, out) if ref is not None else ()
                if any(a is not None for a in args):
                    span = an.span(value)
                    out.append(Instance(f"<field>{span.line}:{span.col}", ref, span, args))
    return out


def this_assignments(ctor):
    """(field name node, value) of each `this.x = value` among a constructor's own
    statements (the value stripped of parentheses and casts)."""
    body = ctor.child_by_field_name("body")
    for stmt in (body.named_children if body is not None else ()):
        expr = stmt.named_children[0] if stmt.type == "expression_statement" and stmt.named_children else None
        left = expr.child_by_field_name("left") if expr is not None and expr.type == "assignment_expression" else None
        obj = left.child_by_field_name("object") if left is not None and left.type == "member_expression" else None
        prop = left.child_by_field_name("property") if obj is not None and obj.type == "this" else None
        if prop is not None:
            yield prop, strip(expr.child_by_field_name("right"))
