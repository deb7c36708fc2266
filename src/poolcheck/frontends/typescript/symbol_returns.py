"""Which functions return a package's client, for the TS/JS symbols (`symbols.py`):
`return new Stripe(key)`, `() => new S3Client()`, `const s = new Stripe(k); return s`, and
the memoised getter `if (!client) client = new JWT(...); return client`. The linker then
knows what `stripeSDK().charges.create()` or `const c = getClient(); c.request()` calls
in another module (`Effects.returns_package`), and the known-library lists judge it."""

from __future__ import annotations

from ...vocabulary.layout import PROJECT_IMPORT_PREFIXES
from ..ts_model import FUNCTION_TYPES, class_of, import_of, member_chain, resolve, strip

# What a constructed value passes through on its way to a `return` or a name:
# `return client ?? (client = new JWT())`, `return (await x) as T`, `cond ? new A() : b`.
_THROUGH = frozenset({"parenthesized_expression", "non_null_expression", "as_expression",
                      "satisfies_expression", "await_expression", "binary_expression",
                      "ternary_expression", "type_assertion"})


def returned_packages(ex) -> dict[int, str]:
    """function node id -> the package class it builds and returns ("stripe",
    "google-auth-library.JWT"). Only functions holding a `new` of a package class are looked
    at, so the cost is one climb per such construction."""
    out: dict[int, str] = {}
    module_held: dict[tuple, str] = {}   # module binding key -> the package class it holds
    for node in ex.prog.nodes("new_expression"):
        owner = ex.enclosing(node)
        if owner is None:
            held = _module_held(ex, node)
            if held is not None:
                module_held[held[0]] = held[1]
            continue
        if owner.id in out:
            continue
        if class_of(ex.prog, node.child_by_field_name("constructor"), ex.an.local_classes) is not None:
            continue   # a database client: the client facts and `returns_fresh` say what it is
        name = _package_class(ex, node)
        if name is not None and _returned_by(ex, node, owner):
            out[owner.id] = name
    if module_held:
        _getters_of(ex, module_held, out)
    return out


def _module_held(ex, node):
    """(binding key, package class) of `const stripe = new Stripe(key)` at module level."""
    if class_of(ex.prog, node.child_by_field_name("constructor"), ex.an.local_classes) is not None:
        return None
    parent = node.parent
    while parent is not None and parent.type in _THROUGH:
        parent = parent.parent
    if parent is None or parent.type != "variable_declarator":
        return None
    name = parent.child_by_field_name("name")
    package = _package_class(ex, node) if name is not None and name.type == "identifier" else None
    b = resolve(ex.prog, ex.an.text(name), name) if package is not None else None
    return (b.key, package) if b is not None and b.owner == 0 else None


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
    """The function returns the value (directly, or through the name it is assigned to)."""
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
    if held is None or held.type != "identifier":
        return False
    b = resolve(ex.prog, ex.an.text(held), held)
    return b is not None and _returns_name(ex, owner, ex.an.text(held), b.key)


def _returns_name(ex, owner, name: str, key) -> bool:
    """`return <name>` in the function itself (not in a function nested in it), or its arrow body."""
    body = owner.child_by_field_name("body")
    if body is not None and body.type == "identifier":
        return ex.an.text(body) == name
    stack = list(body.named_children) if body is not None else []
    while stack:
        node = stack.pop()
        if node.type in FUNCTION_TYPES or node.type == "class_declaration":
            continue
        if node.type == "return_statement":
            value = strip(node.named_children[0]) if node.named_children else None
            if value is not None and value.type == "identifier" and ex.an.text(value) == name:
                b = resolve(ex.prog, name, value)
                if b is not None and b.key == key:
                    return True
            continue
        stack.extend(node.named_children)
    return False
