"""Global caches of a client (`globalThis.prisma`), read or written, whether a write
runs only in production (for PC102), and whether a construction only fills an empty cache."""

from __future__ import annotations

from ...facts import GlobalCacheAccess
from ..ts_model import FUNCTION_TYPES, strip
from . import clients


# -- global caches (facts for PC102) -------------------------------------------------
def global_caches(tf) -> None:
    for node in tf.prog.nodes("member_expression"):
        obj = strip(node.child_by_field_name("object"))
        prop = node.child_by_field_name("property")
        if obj is None or prop is None or not clients.is_global_object(tf, obj):
            continue
        parent = node.parent
        write = parent is not None and parent.type in ("assignment_expression",
                                                       "augmented_assignment_expression") \
            and parent.child_by_field_name("left") == node
        both = parent is not None and parent.type == "augmented_assignment_expression"
        tf.facts.add(GlobalCacheAccess(
            tf.span(node), tf.text(prop), read=both or not write, write=write,
            production_only=write and inside_production_only(tf, node)))


def inside_production_only(tf, node, production: bool = True) -> bool:
    """Whether `node` runs only when NODE_ENV is "production": in the `if` branch of
    `NODE_ENV === "production"` or the `else` branch of `NODE_ENV !== "production"`; with
    `production=False`, whether it runs only outside production (the other branches)."""
    child, parent = node, node.parent
    while parent is not None and parent.type not in FUNCTION_TYPES:
        if parent.type == "if_statement":
            test = production_test(tf, parent.child_by_field_name("condition"))
            if test is not None:
                in_else = child.type == "else_clause" or child == parent.child_by_field_name("alternative")
                if (test != in_else) == production:
                    return True
        elif parent.type == "ternary_expression":
            test = production_test(tf, parent.child_by_field_name("condition"))
            if test is not None and child != parent.child_by_field_name("condition"):
                in_else = child == parent.child_by_field_name("alternative")
                if (test != in_else) == production:
                    return True
        child, parent = parent, parent.parent
    return False


def production_test(tf, condition) -> bool | None:
    """True for `NODE_ENV === "production"`, False for `!==`, None for anything else."""
    cond = strip(condition)
    if cond is None or cond.type != "binary_expression":
        return None
    operator = cond.child_by_field_name("operator")
    op = tf.text(operator) if operator is not None else ""
    if op not in ("===", "==", "!==", "!="):
        return None
    sides = [strip(cond.child_by_field_name("left")), strip(cond.child_by_field_name("right"))]
    texts = [tf.text(x) if x is not None else "" for x in sides]
    has_env = any(t.endswith("NODE_ENV") or t.endswith("['NODE_ENV']") or t.endswith('["NODE_ENV"]')
                  for t in texts)
    has_prod = any(x is not None and x.type == "string" and tf.text(x)[1:-1] == "production"
                   for x in sides)
    if not (has_env and has_prod):
        return None
    return op in ("===", "==")




def fills_cache(tf, node) -> bool:
    """`if (!_prisma) { const adapter = new PrismaPg(...); _prisma = new PrismaClient({ adapter }) }`:
    the construction sits in the branch of a test that its cache (a module variable or a
    global's member) is empty, and that branch fills the cache, so it runs once per cache,
    not once per call (the adapter beside the memoised client included)."""
    child, parent = node, node.parent
    while parent is not None and parent.type not in FUNCTION_TYPES:
        if parent.type == "if_statement" and child == parent.child_by_field_name("consequence"):
            cache = _empty_test(tf, parent.child_by_field_name("condition"))
            if cache is not None and _assigns(tf, child, cache):
                return True
        child, parent = parent, parent.parent
    return False


def _empty_test(tf, condition):
    """The cache `!x`, `x == null`, `x === undefined`, `!globalThis.db` tests, as text."""
    cond = strip(condition)
    if cond is not None and cond.type == "unary_expression" and tf.text(cond).startswith("!"):
        target = strip(cond.named_children[0]) if cond.named_children else None
    elif cond is not None and cond.type == "binary_expression" and \
            tf.text(cond.child_by_field_name("operator")) in ("==", "===") and \
            tf.text(cond.child_by_field_name("right")) in ("null", "undefined"):
        target = strip(cond.child_by_field_name("left"))
    else:
        return None
    if target is None or target.type not in ("identifier", "member_expression"):
        return None
    root = target
    while root.type == "member_expression":
        root = strip(root.child_by_field_name("object"))
        if root is None:
            return None
    if not (clients.module_binding(tf, root) or clients.is_global_object(tf, root)):
        return None
    return tf.text(target)


def _assigns(tf, block, target: str) -> bool:
    stack = [block]
    while stack:
        n = stack.pop()
        if n.type in ("assignment_expression", "augmented_assignment_expression"):
            left = strip(n.child_by_field_name("left"))
            if left is not None and tf.text(left) == target:
                return True
        stack.extend(c for c in n.named_children if c.type not in FUNCTION_TYPES)
    return False
