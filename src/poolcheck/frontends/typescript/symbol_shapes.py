"""TS/JS module shape for the linker: imports, exports, classes (module-level values:
`symbol_values`).

Read from the tree the TS front-end already built (`ts_model.Program`), no second parse.
ESM (`import`/`export`, re-exports, `export *`, defaults) and CommonJS (`require`,
`module.exports = ...`, `exports.x = ...`).
"""

from __future__ import annotations

from dataclasses import replace

from .symbol_wiring import factory_on_new, param_defaults, param_fields, super_args, this_assignments
from .symbol_classes import class_expression_base
from ..ts_model import class_field_of, class_of, member_chain, resolve, strip, string_value
from ...vocabulary.slow import CLIENT_FACTORIES
from ...symbols import CalleeRef, ClassInfo, Export, Import


def imports(an) -> tuple[Import, ...]:
    prog = an.prog
    out = []
    type_only = {stmt.start_byte for stmt in prog.nodes("import_statement") if _type_only(prog, stmt)}
    for b in prog.scopes[0].values():   # imports and top-level requires bind module names
        if b.kind != "import" or not b.module:
            continue
        node = b.node
        how = "import"
        stmt = node.parent if node is not None else None
        while stmt is not None and stmt.type not in ("import_statement", "variable_declarator") \
                and stmt.parent is not None and stmt.parent.type != "program":
            stmt = stmt.parent
        if stmt is not None and stmt.type == "variable_declarator":
            how = "require"
        elif stmt is not None and stmt.start_byte in type_only:
            how = "type"
        out.append(Import(local=b.name, specifier=b.module, imported=b.imported or "*", how=how))
    for stmt in prog.nodes("import_statement"):   # `import "./x"`: no name bound
        if not any(c.type == "import_clause" for c in stmt.named_children):
            spec = string_value(prog, stmt.child_by_field_name("source"))
            if spec:
                out.append(Import(local="", specifier=spec, imported="*"))
    return tuple(sorted(out, key=lambda i: (i.local, i.specifier)))


def _type_only(prog, stmt) -> bool:
    return any(c.type == "type" or prog.text(c) == "type" for c in stmt.children[1:2])


def exports(an, functions_by_node: dict) -> tuple[Export, ...]:
    prog = an.prog
    out: list[Export] = []
    for stmt in prog.root.named_children:
        if stmt.type == "export_statement":
            out.extend(_esm_export(an, stmt))
        elif stmt.type == "expression_statement":
            out.extend(_cjs_export(an, stmt))
    return tuple(out)


def _esm_export(an, stmt):
    prog = an.prog
    source = stmt.child_by_field_name("source")
    spec = string_value(prog, source) if source is not None else None
    decl = stmt.child_by_field_name("declaration")
    value = stmt.child_by_field_name("value")
    span = an.span(stmt)
    is_default = any(c.type == "default" for c in stmt.children)
    if decl is not None:
        names = []
        if decl.type in ("lexical_declaration", "variable_declaration"):
            for d in decl.named_children:
                n = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                if n is not None and n.type == "identifier":
                    names.append(prog.text(n))
        else:
            n = decl.child_by_field_name("name")
            if n is not None:
                names.append(prog.text(n))
        for name in names:
            yield Export("default" if is_default else name, name, None, None, span)
        if is_default and not names:
            yield Export("default", "default", None, None, span)
        return
    if value is not None:
        v = strip(value)
        if v is not None and v.type == "identifier":
            yield Export("default", prog.text(v), None, None, span)
        else:
            yield Export("default", "default", None, None, span)
        return
    clause = next((c for c in stmt.named_children if c.type == "export_clause"), None)
    if clause is None:
        ns = next((c for c in stmt.named_children if c.type == "namespace_export"), None)
        if spec is not None:
            name = prog.text(ns.named_children[0]) if ns is not None and ns.named_children else "*"
            yield Export(name, None, spec, "*", span)
        return
    for item in clause.named_children:
        if item.type != "export_specifier":
            continue
        local = item.child_by_field_name("name")
        alias = item.child_by_field_name("alias") or local
        if local is None:
            continue
        lname = string_value(prog, local) if local.type == "string" else prog.text(local)
        aname = string_value(prog, alias) if alias.type == "string" else prog.text(alias)
        if spec is None:
            yield Export(aname, lname, None, None, span)
        else:
            yield Export(aname, None, spec, lname, span)


def _cjs_export(an, stmt):
    """`module.exports = x | { a, b: c }`, `module.exports.a = ...`, `exports.a = ...`."""
    prog = an.prog
    expr = stmt.named_children[0] if stmt.named_children else None
    if expr is None or expr.type != "assignment_expression":
        return
    left = strip(expr.child_by_field_name("left"))
    right = strip(expr.child_by_field_name("right"))
    root, segs = member_chain(prog, left)
    if root is None or right is None:
        return
    head = prog.text(root)
    span = an.span(stmt)
    if head == "module" and segs == ["exports"]:
        if right.type == "identifier":
            yield Export("default", prog.text(right), None, None, span)
        elif right.type == "object":
            yield Export("default", "module.exports", None, None, span)
            for m in right.named_children:
                if m.type == "shorthand_property_identifier":
                    yield Export(prog.text(m), prog.text(m), None, None, span)
                elif m.type == "pair":
                    key, val = m.child_by_field_name("key"), strip(m.child_by_field_name("value"))
                    if val is not None and val.type == "identifier":
                        yield Export(prog.text(key), prog.text(val), None, None, span)
                    else:
                        yield Export(prog.text(key), f"module.exports.{prog.text(key)}", None, None, span)
                elif m.type == "method_definition":
                    name = m.child_by_field_name("name")
                    yield Export(prog.text(name), f"module.exports.{prog.text(name)}", None, None, span)
        else:
            yield Export("default", "module.exports", None, None, span)
    elif (head == "module" and segs[:1] == ["exports"] and len(segs) == 2) or \
            (head == "exports" and len(segs) == 1):
        name = segs[-1]
        local = prog.text(right) if right.type == "identifier" else f"exports.{name}"
        yield Export(name, local, None, None, span)


def ref_of(an, node) -> CalleeRef | None:
    """A reference to a name (a class, a type) as the linker binds it."""
    node = strip(node)
    if node is None:
        return None
    if node.type in ("type_identifier", "identifier"):
        name = an.text(node)
        b = resolve(an.prog, name, node) if node.type == "identifier" else an.prog.scopes[0].get(name)
        if b is not None and b.kind == "import":
            return CalleeRef("import", name, (), name)
        return CalleeRef("name", name, (), name)
    if node.type in ("member_expression", "nested_type_identifier"):
        root, segs = member_chain(an.prog, node) if node.type == "member_expression" else (None, [])
        if root is not None and root.type == "identifier":
            return CalleeRef("import", an.text(root), tuple(segs), an.text(node))
    return None


def classes(an, fid_of) -> tuple[ClassInfo, ...]:
    prog = an.prog
    out = []
    for cls in prog.nodes("class_declaration", "abstract_class_declaration"):
        name = cls.child_by_field_name("name")
        body = cls.child_by_field_name("body")
        if name is None or body is None:
            continue
        methods, injections, wired, handed, defaults = [], [], (), (), ()
        for m in body.named_children:
            if m.type == "public_field_definition":
                value = strip(m.child_by_field_name("value"))
                if value is not None and value.type in ("arrow_function", "function_expression") and \
                        class_field_of(value) is not None:   # `order = async () => {...}`
                    methods.append((an.text(m.child_by_field_name("name")), fid_of(value)))
                    continue
                injections.extend(_field_object(an, m))
                continue
            if m.type != "method_definition":
                continue
            mname = m.child_by_field_name("name")
            if mname is None:
                continue
            methods.append((an.text(mname), fid_of(m)))
            if an.text(mname) == "constructor":
                injections.extend(_injections(an, m))
                injections.extend(_assigned_fields(an, m))
                wired = param_fields(an, m)
                handed = super_args(an, m, ref_of)
                defaults = param_defaults(an, m, ref_of)
        bases = []
        heritage = next((c for c in cls.named_children if c.type == "class_heritage"), None)
        ext = next((c for c in heritage.named_children if c.type == "extends_clause"), None) \
            if heritage is not None else None
        if ext is not None:
            value = class_expression_base(an, strip(ext.child_by_field_name("value")))
            # `extends extendedClient()`: the class its call returns (`call` is that call)
            call = value is not None and value.type == "call_expression"
            ref = ref_of(an, value.child_by_field_name("function") if call else value)
            if ref is not None:
                bases.append(replace(ref, call=an.span(value)) if call else ref)
        impl = next((c for c in heritage.named_children if c.type == "implements_clause"), None) \
            if heritage is not None else None
        names = tuple(an.text(t).split("<")[0].rsplit(".", 1)[-1] for t in (impl.named_children if impl else ()))
        out.append(ClassInfo(an.text(name), an.span(name), tuple(methods), tuple(bases), tuple(injections), wired,
                             names, handed, defaults))
    return tuple(out)


def _field_object(an, field):
    """`private s3 = new S3Client()`, `private mailer = nodemailer.createTransport()`: the
    field holds what that class or factory builds (the linker keeps only a package's)."""
    name, value = field.child_by_field_name("name"), strip(field.child_by_field_name("value"))
    if name is None or name.type != "property_identifier":
        return
    # `private producer: Producer;` assigned later (in `onModuleInit`): its declared type
    ref = built_by(an, value) if value is not None else declared_type(an, field)
    if ref is not None:
        yield (an.text(name), ref)


def _assigned_fields(an, ctor):
    """`this.s3 = new S3Client()` in the constructor's own statements."""
    for prop, value in this_assignments(ctor):
        ref = built_by(an, value)
        if ref is not None:
            yield (an.text(prop), ref)


def built_by(an, value):
    """The class a `new` builds, the package factory a call is (`x.createTransport()`), or
    the module-level name or import the field aliases (`this.s3Client = s3Client`: the
    linker binds it to what that name is, an instance or a package's object)."""
    if value is None:
        return None
    if value.type == "identifier":
        b = resolve(an.prog, an.text(value), value)
        module = b is not None and (b.kind == "import" or b.owner == 0 and b.kind == "module" and not b.path)
        return CalleeRef("import" if b.kind == "import" else "name", an.text(value), (), an.text(value)) \
            if module else None
    if value.type == "new_expression":
        ctor = value.child_by_field_name("constructor")
        # a database client field is the client facts' (`this.prisma.user.findMany()`)
        ref = ref_of(an, ctor) if class_of(an.prog, ctor, an.local_classes) is None else None
    elif value.type == "call_expression":
        fn = strip(value.child_by_field_name("function"))
        ref = ref_of(an, fn) if fn is not None and fn.type == "member_expression" else None
        if ref is None and fn is not None and fn.type == "member_expression":
            ref = factory_on_new(an, fn, ref_of)   # `new Mailgun(FormData).client({...})`
        if ref is not None and ref.path[-1:] and ref.path[-1] not in CLIENT_FACTORIES \
                and not ref.path[-1].startswith("create"):
            ref = None
    else:
        ref = None
    return ref


def declared_type(an, holder):
    """The class a field or parameter is declared as (`x: Producer`, `x: Repo<T>`)."""
    ann = holder.child_by_field_name("type")
    tnode = ann.named_children[0] if ann is not None and ann.named_children else None
    if tnode is not None and tnode.type == "generic_type":
        tnode = tnode.named_children[0] if tnode.named_children else None
    return ref_of(an, tnode)


def _injections(an, ctor):
    """`constructor(private readonly mail: MailService, @Inject(X) private x: X)`."""
    params = ctor.child_by_field_name("parameters")
    for p in (params.named_children if params is not None else ()):
        if p.type not in ("required_parameter", "optional_parameter"):
            continue
        if not any(c.type == "accessibility_modifier" or an.text(c) == "readonly" for c in p.children):
            continue
        pattern = p.child_by_field_name("pattern")
        ref = declared_type(an, p)
        if pattern is not None and pattern.type == "identifier" and ref is not None:
            yield (an.text(pattern), ref)
