"""How a message names the scope a finding sits in, and the related locations of it."""

from __future__ import annotations

from ...core.diagnostics import Related
from ...facts import Scope
from ..context import FileRuleContext


def describe_scope(scope: Scope) -> str:
    """"`GET` request handler (Next.js app router)", or for a same-file helper that a
    handler calls: "`getDb`, called from the `GET` request handler (Next.js app router)"."""
    framework = f" ({scope.framework})" if scope.framework else ""
    kind = "request handler" if scope.per_request else scope.kind.value
    handler = f"`{scope.name}` {kind}{framework}" if scope.name else f"a {kind}{framework}"
    if scope.callee:
        return f"`{scope.callee}`, called from the {handler}" if scope.name else \
            f"`{scope.callee}`, called from {handler}"
    return handler


def scope_related(path, scope: Scope) -> tuple[Related, ...]:
    """The handler and the call chain that put this code in request scope."""
    related = list(scope.via)
    if scope.span is not None and scope.name:
        # `origin`: the handler lives in another module (the linker followed the calls)
        related.insert(0, Related(scope.origin or path, scope.span, f"`{scope.name}` runs once per request"))
    return tuple(related)


def edge_runtime(ctx: FileRuleContext) -> bool:
    """Config `runtime = "edge" | "workers"`: every handler runs on an edge runtime, where a
    client per request (and its disconnect) is the documented pattern."""
    return ctx.option("runtime") in ("edge", "workers")
