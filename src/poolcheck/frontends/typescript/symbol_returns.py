"""Which functions return a package's client, or an object literal of methods, for the
TS/JS symbols (`symbols.py`):
`return new Stripe(key)`, `() => new S3Client()`, `const s = new Stripe(k); return s`, and
the memoised getter `if (!client) client = new JWT(...); return client`. The linker then
knows what `stripeSDK().charges.create()` or `const c = getClient(); c.request()` calls
in another module (`Effects.returns_package`), and the known-library lists judge it."""

from __future__ import annotations

import re

from ...symbols import CalleeRef
from ...vocabulary.layout import PROJECT_IMPORT_PREFIXES
from ..ts_model import FUNCTION_TYPES, class_of, import_of, member_chain, resolve, strip
from .gates import IDENTIFIER_BYTES
from .symbol_shapes import ref_of
from .symbol_values import object_members

# What a constructed value passes through on its way to a `return` or a name:
# `return client ?? (client = new JWT())`, `return (await x) as T`, `cond ? new A() : b`.
_THROUGH = frozenset({"parenthesized_expression", "non_null_expression", "as_expression",
                      "satisfies_expression", "await_expression", "binary_expression",
                      "ternary_expression", "type_assertion"})


def returned_packages(ex) -> tuple[dict[int, str], dict[int, CalleeRef]]:
    """(function node id -> the package class it builds and returns ("stripe",
    "google-auth-library.JWT"), function node id -> the class of the project it returns an
    instance of (`Effects.returns_class`)). Only functions holding a `new` are looked at,
    so the cost is one climb per construction, and one look at each declared return type."""
    out: dict[int, str] = {}
    classes: dict[int, CalleeRef] = {}
    module_held: dict[tuple, object] = {}   # module binding key -> the class it holds
    for node in ex.prog.nodes("new_expression"):
        ctor = node.child_by_field_name("constructor")
        if class_of(ex.prog, ctor, ex.an.local_classes) is not None:
            continue   # a database client: the client facts and `returns_fresh` say what it is
        name = _package_class(ex, node)
        value = name if name is not None else _project_class(ex, ctor)
        if value is None:
            continue
        owner = ex.enclosing(node)
        if owner is None:
            key = _module_held(ex, node)
            if key is not None:
                module_held[key] = value
            continue
        mine = out if name is not None else classes
        if owner.id not in mine and _returned_by(ex, node, owner):
            mine[owner.id] = value
    packages = {k: v for k, v in module_held.items() if isinstance(v, str)}
    if packages:
        _getters_of(ex, packages, out)
    _field_getters(ex, classes)   # what the field is built from, before what the method declares
    _class_getters(ex, {k: v for k, v in module_held.items() if not isinstance(v, str)}, classes)
    return out, classes


def _project_class(ex, ctor) -> CalleeRef | None:
    """The class a `new` builds when the file declares or imports it (`new Mailer()`), not a
    global (`new Error()`, `new Map()`, `new URL()`: no walk for those)."""
    ctor = strip(ctor)
    head = ctor
    while head is not None and head.type == "member_expression":
        head = strip(head.child_by_field_name("object"))
    if head is None or head.type != "identifier":
        return None
    b = ex.prog.scopes[0].get(ex.an.text(head))
    return ref_of(ex.an, ctor) if b is not None and b.kind in ("import", "class") else None


def _module_held(ex, node):
    """The binding key of `const stripe = new Stripe(key)` at module level."""
    parent = node.parent
    while parent is not None and parent.type in _THROUGH:
        parent = parent.parent
    if parent is None or parent.type != "variable_declarator":
        return None
    name = parent.child_by_field_name("name")
    b = resolve(ex.prog, ex.an.text(name), name) if name is not None and name.type == "identifier" else None
    return b.key if b is not None and b.owner == 0 else None


def _class_getters(ex, held: dict, classes: dict) -> None:
    """The class each function returns an instance of by what it declares (`function
    getMailer(): Mailer`, `static getInstance(): Promise<Payments>`: kept by the linker only
    when it names a class of the project, never an interface or a package's type), or by
    returning a module-level instance as its last statement (`() => mailer`, `{ ...; return
    mailer }`): one look at each function's head and last statement, no walk."""
    for fn in ex.fns:
        if fn.id in classes:
            continue
        if held:
            body = fn.child_by_field_name("body")
            last = body.named_children[-1] if body is not None and body.type == "statement_block" \
                and body.named_children else None
            value = strip(last.named_children[0]) if last is not None and last.type == "return_statement" \
                and last.named_children else body
            if value is not None and value.type == "identifier":
                b = ex.resolve(ex.an.text(value), fn)
                if b is not None and b.key in held:
                    classes[fn.id] = held[b.key]
                    continue
        ann = fn.child_by_field_name("return_type")
        node = ann.named_children[0] if ann is not None and ann.named_children else None
        if node is not None and node.type == "generic_type" and ex.an.text(node.child_by_field_name("name")) \
                == "Promise":
            args = node.child_by_field_name("type_arguments")
            node = args.named_children[0] if args is not None and len(args.named_children) == 1 else None
        if node is not None and node.type == "type_identifier":
            b = ex.prog.scopes[0].get(ex.an.text(node))
            if b is not None and b.kind in ("import", "class"):
                classes[fn.id] = ref_of(ex.an, node)


def _field_getters(ex, classes: dict) -> None:
    """Methods whose last statement returns a field the class fills with instances of one
    class of the project only (`return this.repositorys[kind]` beside `this.repositorys =
    { [RepositoryType.POSTGRESQL]: new XRepositoryPostgres() }` in the constructor, or `return
    this.repo` of `private repo = new Repo()`): videomng's repository registries. The
    field's every value is read, and any other assignment to it leaves the class unknown."""
    for fn in ex.fns:
        body = fn.child_by_field_name("body") if fn.type == "method_definition" and fn.id not in classes else None
        last = body.named_children[-1] if body is not None and body.named_children else None
        value = strip(last.named_children[0]) if last is not None and last.type == "return_statement" \
            and last.named_children else None
        if value is not None and value.type == "subscript_expression":
            value = strip(value.child_by_field_name("object"))
        if value is None or value.type != "member_expression" or \
                value.child_by_field_name("object").type != "this" or fn.parent.type != "class_body":
            continue
        ref = _field_class(ex, fn.parent, ex.an.text(value.child_by_field_name("property")))
        if ref is not None:
            classes[fn.id] = ref


def _field_class(ex, body, name: str) -> CalleeRef | None:
    """The one class of the project every value of field `name` of the class is built from."""
    from .symbol_wiring import this_assignments

    values, assigned = [], 0
    for m in body.named_children:
        if m.type == "public_field_definition" and ex.an.text(m.child_by_field_name("name")) == name:
            if m.child_by_field_name("value") is not None:   # not a declaration alone
                values.append(strip(m.child_by_field_name("value")))
        elif m.type == "method_definition" and ex.an.text(m.child_by_field_name("name")) == "constructor":
            for prop, value in this_assignments(m):
                if ex.an.text(prop) == name:
                    values.append(value)
                    assigned += 1
    pattern = re.compile(rb"this\s*\.\s*" + re.escape(name.encode()) + rb"\s*(?:\[[^\]\n]*\]\s*)?[-+*/%&|^?]{0,3}=(?!=)")
    if assigned != len(pattern.findall(ex.prog.data, body.start_byte, body.end_byte)):
        return None   # assigned elsewhere too, or an entry set apart (`this.repos[k] = x`)
    refs = set()
    for value in values:
        if value is not None and value.type == "identifier":   # `const repos = {...}; this.repos = repos`
            b = resolve(ex.prog, ex.an.text(value), value)
            value = strip(b.init) if b is not None and b.kind == "local" and not b.path and \
                b.node.parent.children[0].type == "const" else None
        items = [value] if value is None or value.type != "object" else \
            [strip(p.child_by_field_name("value")) if p.type == "pair" else None for p in value.named_children]
        for item in items:
            ref = _project_class(ex, item.child_by_field_name("constructor")) \
                if item is not None and item.type == "new_expression" else None
            if ref is None:
                return None
            refs.add(ref)
    return refs.pop() if len(refs) == 1 else None


def _getters_of(ex, held: dict, out: dict) -> None:
    """Functions that return a module-level package object (`export const getStripe = () =>
    stripe`, `function client() { return s3 }`): one walk, only in files holding one."""
    stack = [ex.prog.root]
    while stack:
        node = stack.pop()
        value = None
        if node.type == "return_statement" and node.named_children:
            value = strip(node.named_children[0])
        elif node.type == "arrow_function":
            value = node.child_by_field_name("body")
        if value is not None and value.type == "identifier":
            b = resolve(ex.prog, ex.an.text(value), value)
            owner = node if node.type == "arrow_function" else ex.enclosing(node)
            if b is not None and b.key in held and owner is not None and owner.id not in out:
                out[owner.id] = held[b.key]
        stack.extend(node.named_children)


def _package_class(ex, new) -> str | None:
    ctor = strip(new.child_by_field_name("constructor"))
    if ctor is None:
        return None
    head, segments = member_chain(ex.prog, ctor) if ctor.type == "member_expression" else (ctor, [])
    if head is None or head.type != "identifier":
        return None
    b = resolve(ex.prog, ex.an.text(head), head)
    imp = import_of(ex.prog, b)
    if imp is None or imp[0].startswith(PROJECT_IMPORT_PREFIXES):
        return None
    return ex.walker._callee(head, segments, b)


def _returned_by(ex, node, owner) -> bool:
    """The function returns the value: directly, through the name it is assigned to, or
    through the static field a singleton keeps it in (`Payments.instance = new Payments();
    return Payments.instance`, `return (this.instance ??= new Ledger())`)."""
    child, parent = node, node.parent
    while parent is not None and parent.type in _THROUGH:
        child, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type == "return_statement" or parent.type == "arrow_function" and parent.id == owner.id:
        return True
    held = None
    if parent.type == "variable_declarator" and parent.child_by_field_name("value") == child:
        held = parent.child_by_field_name("name")
    elif parent.type in ("assignment_expression", "augmented_assignment_expression") \
            and parent.child_by_field_name("right") == child:
        held = parent.child_by_field_name("left")
        if held is not None and held.type == "member_expression" and owner.type == "method_definition":
            if _returned_by(ex, parent, owner):   # `return (this.instance ??= new X())`
                return True
            obj, prop = held.child_by_field_name("object"), held.child_by_field_name("property")
            if obj is not None and obj.type in ("this", "identifier") and prop is not None:
                return _returns(ex, owner, lambda v: v.type == "member_expression" and ex.an.text(
                    v.child_by_field_name("property")) == ex.an.text(prop) and v.child_by_field_name(
                    "object").type in ("this", "identifier"))
    if held is None or held.type != "identifier":
        return False
    b = resolve(ex.prog, ex.an.text(held), held)
    return b is not None and _returns_name(ex, owner, ex.an.text(held), b.key)


def _returns_name(ex, owner, name: str, key) -> bool:
    """`return <name>` in the function itself (not in a function nested in it), or its arrow body."""
    body = owner.child_by_field_name("body")
    if body is not None and body.type == "identifier":
        return ex.an.text(body) == name
    if b"return " + name.encode() not in ex.prog.data[owner.start_byte:owner.end_byte]:
        return False   # one byte search instead of a walk (`const s = new Service(); s.run()`)

    def same(value) -> bool:
        if value.type != "identifier" or ex.an.text(value) != name:
            return False
        b = resolve(ex.prog, name, value)
        return b is not None and b.key == key
    return _returns(ex, owner, same)


def _returns(ex, owner, matches) -> bool:
    """A `return` in the function itself (not in a function nested in it) whose value matches."""
    body = owner.child_by_field_name("body")
    stack = list(body.named_children) if body is not None else []
    while stack:
        node = stack.pop()
        if node.type in FUNCTION_TYPES or node.type == "class_declaration":
            continue
        if node.type == "return_statement":
            value = strip(node.named_children[0]) if node.named_children else None
            if value is not None and matches(value):
                return True
            continue
        stack.extend(node.named_children)
    return False


# `return {` / `return ({` where an object literal may be returned (matched at each `return`)
_RETURN_OBJECT = re.compile(rb"return\s*\(?\s*\{")


def returned_objects(ex) -> dict[int, tuple[tuple[str, str], ...]]:
    """function node id -> (member name, function id) of each method of an object literal it
    returns (`return { createTransaction, async getAccount() {...}, refund: () => ... }`,
    `() => ({ send })`): a factory handing out an API object (civitai's
    `createBuzzClient()`), so that `const buzz = createBuzzClient(); buzz.refund()` is a
    call of that method (`Effects.returns_object`, linker.returns). The members are read as a
    module-level object's are (`symbol_values.object_members`): a shorthand names a function
    the factory or the module declares (`function request()`, `const m = () => ...`)."""
    out: dict[int, list] = {}
    data = ex.prog.data
    root = ex.prog.root
    i = data.find(b"return")
    while i >= 0:
        if (i == 0 or data[i - 1] not in IDENTIFIER_BYTES) and _RETURN_OBJECT.match(data, i):
            stmt = root.descendant_for_byte_range(i, i + 6).parent
            if stmt is not None and stmt.type == "return_statement" and stmt.start_byte == i \
                    and stmt.named_children:
                owner = ex.enclosing(stmt)
                value = strip(stmt.named_children[0])
                if owner is not None and value is not None and value.type == "object":
                    out.setdefault(owner.id, []).extend(object_members(ex.an, value, ex.fid))
        i = data.find(b"return", i + 6)
    for fn in ex.fns:
        if fn.type == "arrow_function":
            body = strip(fn.child_by_field_name("body"))
            if body is not None and body.type == "object":
                out.setdefault(fn.id, []).extend(object_members(ex.an, body, ex.fid))
    return {k: tuple(v) for k, v in out.items() if v}
