"""Calls on a parameter typed with a class, for the TS/JS symbols (`symbol_calls`): tegon hands
its `AIRequestsService` to utilities as `ai: AIRequestsService`, and `ai.getLLMRequest()` is
that class's method, wherever the class comes from (the project's, bound to its body; a
package's, judged by the known-library lists)."""

from __future__ import annotations

from ..ts_model import QUERY_METHODS, RAW_METHODS


def param_class(ex, b, segments, owner) -> tuple[str, str] | None:
    """(kind, name) of the class a parameter's annotation names, as a call of its method
    binds (`import`, or `name` for a class of this file), when the call is a method call
    and no query (`db: PrismaClient` ... `db.user.findMany()` is the parameter's query,
    which `param_queries` judges by what the caller hands it)."""
    last = segments[-1]
    if len(segments) != 1 or last in QUERY_METHODS or last in RAW_METHODS or last.startswith("$"):
        return None
    node = b.node
    holder = node.parent if node is not None and node.type == "identifier" else node
    if holder is None or holder.type not in ("required_parameter", "optional_parameter"):
        return None
    ann = holder.child_by_field_name("type")
    tnode = ann.named_children[0] if ann is not None and ann.named_children else None
    if tnode is None or tnode.type != "type_identifier":
        return None
    name = ex.an.text(tnode)
    c = ex.resolve(name, owner)
    if c is None or c.path:
        return None
    if c.kind == "import":   # the project's class, or a package's (judged by its list)
        return "import", name
    if c.kind == "class" and c.owner == 0:
        return "name", name
    return None
