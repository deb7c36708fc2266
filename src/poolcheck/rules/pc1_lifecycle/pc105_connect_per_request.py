"""PC105 connect-per-request: a shared client connected in request scope."""

from __future__ import annotations

from ...core.diagnostics import Severity
from ...vocabulary.clients import CLIENT_APIS
from ...vocabulary.layout import health_route
from ..context import FileRuleContext
from ..helpers.clients import lifecycle_calls
from ..helpers.scope_text import describe_scope, scope_related
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC105", "connect-per-request", W, True, "file",
                "A shared client is connected in request scope",
                "Connect once at startup (lifespan, onModuleInit), or guard with is_connected()")

@rule(SPEC)
def connect_per_request(ctx: FileRuleContext):
    for call in lifecycle_calls(ctx, "connect"):
        # the route decides: a helper in `lib/health.ts` that a `/users` handler in another
        # module calls is per-request overhead; a health route's own check is not. The
        # linker reaches a helper from an ordinary route first when one does, so a helper
        # shared by both is judged by the ordinary one. A health route is one by its file
        # (`app/api/health/route.ts`) or by the path it serves (`@Get('/healthz')`).
        if call.guarded or call.scope.health or health_route(call.scope.origin or ctx.facts.path):
            continue
        api = CLIENT_APIS[call.api]
        if not api.connect_is_lazy:
            yield ctx.report(
                call.span,
                f"`{call.receiver}.{api.written('connect')}` in {describe_scope(call.scope)}: concurrent requests "
                f"race to start the query engine; connect once at startup or guard with "
                f"`if not {call.receiver}.is_connected()`",
                scope_related(ctx.facts.path, call.scope))
        else:
            yield ctx.report(
                call.span,
                f"`{call.receiver}.{api.written('connect')}` in {describe_scope(call.scope)} adds latency to every "
                f"request; Prisma connects lazily on the first query",
                scope_related(ctx.facts.path, call.scope), severity=Severity.INFO)
