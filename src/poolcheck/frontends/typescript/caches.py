"""Global caches of a client (`globalThis.prisma`), read or written, and whether a write
runs only in production (for PC102)."""

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


def inside_production_only(tf, node) -> bool:
    """Whether `node` runs only when NODE_ENV is "production": in the `if` branch of
    `NODE_ENV === "production"` or the `else` branch of `NODE_ENV !== "production"`."""
    child, parent = node, node.parent
    while parent is not None and parent.type not in FUNCTION_TYPES:
        if parent.type == "if_statement":
            test = production_test(tf, parent.child_by_field_name("condition"))
            if test is not None:
                in_else = child.type == "else_clause" or child == parent.child_by_field_name("alternative")
                if test != in_else:
                    return True
        elif parent.type == "ternary_expression":
            test = production_test(tf, parent.child_by_field_name("condition"))
            if test is not None and child != parent.child_by_field_name("condition"):
                in_else = child == parent.child_by_field_name("alternative")
                if test != in_else:
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


