"""PC104 disconnect-per-request: a shared client disconnected in request scope."""

from __future__ import annotations

from ...vocabulary.clients import CLIENT_APIS
from ..context import FileRuleContext
from ..helpers.clients import lifecycle_calls
from ..helpers.scope_text import describe_scope, edge_runtime, scope_related
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC104", "disconnect-per-request", W, True, "file",
                "A shared client is disconnected in request scope",
                "Let the shared client live; disconnect only at process shutdown")


@rule(SPEC)
def disconnect_per_request(ctx: FileRuleContext):
    if edge_runtime(ctx):
        return
    for call in lifecycle_calls(ctx, "disconnect"):
        name = CLIENT_APIS[call.api].written("disconnect")
        place = " in `finally`" if call.in_finally else ""
        yield ctx.report(
            call.span,
            f"`{call.receiver}.{name}`{place} in {describe_scope(call.scope)} tears down the shared "
            f"pool: the next request reconnects and requests in flight fail",
            scope_related(ctx.facts.path, call.scope))
