"""Calls on a parameter typed with a class, for the TS/JS symbols (`symbol_calls`): tegon hands
its `AIRequestsService` to utilities as `ai: AIRequestsService`, and `ai.getLLMRequest()` is
that class's method, wherever the class comes from (the project's, bound to its body; a
package's, judged by the known-library lists)."""

from __future__ import annotations

from ...symbols import CalleeRef
from ..ts_model import QUERY_METHODS, RAW_METHODS
from .symbol_shapes import declared_type


def param_class(ex, b, segments) -> CalleeRef | None:
    """The class a parameter's annotation names (`symbol_shapes.declared_type`, as a
    constructor injection's is read), when the call is one method call and no query
    (`db: PrismaClient` ... `db.user.findMany()` is the parameter's query, which
    `param_queries` judges by what the caller hands it): an imported name, or a class of
    this file."""
    last = segments[-1]
    if len(segments) != 1 or last in QUERY_METHODS or last in RAW_METHODS or last.startswith("$"):
        return None
    node = b.node
    holder = node.parent if node is not None and node.type == "identifier" else node
    if holder is None or holder.type not in ("required_parameter", "optional_parameter"):
        return None
    ref = declared_type(ex.an, holder)
    if ref is None:
        return None
    if ref.kind == "name":   # not imported: only a class this file declares
        declared = ex.prog.scopes[0].get(ref.target)
        if declared is None or declared.kind != "class":
            return None
    return ref
