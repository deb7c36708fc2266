"""Which names hold a client: bindings used the way only a Prisma client is used
(`x.$transaction(...)`, `x.user.findMany(...)`), expressions that build one, global caches
(`globalThis.prisma`) and module bindings."""

from __future__ import annotations

from ...vocabulary.clients import JS_LIFECYCLE
from ..ts_model import DISTINCT_QUERY_METHODS, GLOBAL_OBJECTS, RAW_METHODS, Binding, class_of, \
    member_chain, resolve, strip
from .targets import calls_named

LIFECYCLE = JS_LIFECYCLE
# The methods whose calls make their receiver client-like (the last segment of the callee).
_CLIENTLIKE_WORDS = tuple(sorted(m.encode() for m in set(LIFECYCLE) | RAW_METHODS | DISTINCT_QUERY_METHODS
                                 | {"$transaction", "$extends"}))


# -- which names are clients ---------------------------------------------------------
def collect_clientlike(tf) -> None:
    """Names used the way only a Prisma client is used: `x.$transaction(...)`,
    `x.user.findMany(...)`. An imported `db` is a client because of how it is used. Only
    the calls whose callee names one of those methods are read (targets.calls_named)."""
    for call in calls_named(tf.prog.root, tf.prog.data, _CLIENTLIKE_WORDS):
        root, segments = member_chain(tf.prog, call.child_by_field_name("function"))
        if root is None or not segments:
            continue
        last = segments[-1]
        if not (last.startswith("$") and (last in LIFECYCLE or last in RAW_METHODS
                                          or last in ("$transaction", "$extends"))
                or len(segments) == 2 and last in DISTINCT_QUERY_METHODS):
            continue
        if root.type == "identifier":
            b = resolve(tf.prog, tf.text(root), root)
            if b is not None:
                tf.clientlike.add(b.key)
        elif root.type == "this" and (len(segments) == 3 or len(segments) >= 2 and last.startswith("$")):
            # `this.prisma.user.findMany()`, `this.prisma.$transaction()`; not
            # `this.billRepository.findMany()`, a method of what the field holds
            tf.clientlike_this.add(segments[0])


def is_client_binding(tf, b: Binding | None, depth: int = 0) -> bool:
    if b is None or depth > 5:
        return False
    if b.key in tf.clientlike:
        return True
    if b.kind in ("local", "module") and not b.path:
        return is_client_expr(tf, b.init, depth + 1)
    return False


def is_client_expr(tf, node, depth: int = 0) -> bool:
    node = strip(node)
    if node is None or depth > 5:
        return False
    if node.type == "new_expression":
        kind = class_of(tf.prog, node.child_by_field_name("constructor"), tf.local_classes)
        return kind is not None and kind[0] == "prisma"
    if node.type == "binary_expression":
        return any(is_client_expr(tf, node.child_by_field_name(f), depth + 1)
                   for f in ("left", "right"))
    if node.type == "assignment_expression":   # `g.prisma || (g.prisma = new PrismaClient())`
        return is_client_expr(tf, node.child_by_field_name("right"), depth + 1)
    if node.type == "call_expression":
        fn = strip(node.child_by_field_name("function"))
        if fn is not None and fn.type == "member_expression":
            prop = fn.child_by_field_name("property")
            if prop is not None and tf.text(prop) == "$extends":
                return is_client_expr(tf, fn.child_by_field_name("object"), depth + 1)
        return False
    if node.type == "identifier":
        return is_client_binding(tf, resolve(tf.prog, tf.text(node), node), depth + 1)
    if node.type == "member_expression":
        root, segs = member_chain(tf.prog, node)
        return root is not None and is_global_object(tf, root) and len(segs) == 1 \
            and "risma" in segs[0] or segs[:1] == ["db"]
    return False


def is_global_object(tf, node) -> bool:
    """`globalThis`, `global`, or a name bound to `globalThis as unknown as {...}`."""
    node = strip(node)
    if node is None:
        return False
    if node.type == "identifier":
        name = tf.text(node)
        if name in GLOBAL_OBJECTS:
            # unbound, or only typed by an ambient `declare const globalThis: {...}`
            b = resolve(tf.prog, name, node)
            return b is None or b.init is None and _ambient(b.node)
        if name not in global_aliases(tf):  # no binding of that name could be one
            return False
        b = resolve(tf.prog, name, node)
        if b is not None and b.kind in ("module", "local") and not b.path:
            init = strip(b.init)
            return init is not None and init.type == "identifier" and tf.text(init) in GLOBAL_OBJECTS
    return False


def _ambient(node) -> bool:
    """The binding is declared by `declare const x: T` (no value: a type for a global)."""
    while node is not None and node.type not in ("program", "statement_block"):
        if node.type == "ambient_declaration":
            return True
        node = node.parent
    return False


def global_aliases(tf) -> frozenset[str]:
    """The names some scope of the program binds to a global object itself
    (`const g = globalThis`): only such a name can resolve to what is_global_object
    accepts. Computed once per program (PC102's pass asks for every member expression)."""
    if tf.global_aliases is None:
        names = set()
        for scope in tf.prog.scopes.values():
            for b in scope.values():
                if b.kind in ("module", "local") and not b.path:
                    init = strip(b.init)
                    if init is not None and init.type == "identifier" and tf.text(init) in GLOBAL_OBJECTS:
                        names.add(b.name)
        tf.global_aliases = frozenset(names)
    return tf.global_aliases


def module_binding(tf, node) -> bool:
    node = strip(node)
    if node is None or node.type != "identifier":
        return False
    b = resolve(tf.prog, tf.text(node), node)
    return b is not None and b.owner == 0 and b.kind in ("module", "import")


def is_global_read(tf, node) -> bool:
    node = strip(node)
    if node is not None and node.type == "binary_expression":
        left = strip(node.child_by_field_name("left"))
        root, _ = member_chain(tf.prog, left)
        return root is not None and (is_global_object(tf, root) or module_binding(tf, root))
    return False


