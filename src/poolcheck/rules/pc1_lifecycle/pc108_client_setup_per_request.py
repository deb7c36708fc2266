"""PC108 client-setup-per-request: middleware, listeners or registration per request."""

from __future__ import annotations

from ..context import FileRuleContext
from ..helpers.clients import lifecycle_calls
from ..helpers.scope_text import describe_scope, scope_related
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC108", "client-setup-per-request", W, True, "file",
                "$use/$on registered on a client in request scope",
                "Register middleware and listeners once, where the client is created")


@rule(SPEC)
def client_setup_per_request(ctx: FileRuleContext):
    for method in ("use", "on"):
        for call in lifecycle_calls(ctx, method):
            what = "middleware" if method == "use" else "event listener"
            yield ctx.report(
                call.span,
                f"`{call.receiver}.${method}()` in {describe_scope(call.scope)} registers another "
                f"{what} on the shared client with every request; register it once where the "
                f"client is created",
                scope_related(ctx.facts.path, call.scope))
    # prisma-client-py: `register(db)` makes a client the global one for `Model.prisma()`.
    for call in lifecycle_calls(ctx, "register"):
        yield ctx.report(
            call.span,
            f"`register({call.receiver})` in {describe_scope(call.scope)} registers the client "
            f"globally again with every request; register it once at startup (or pass "
            f"`auto_register=True` where the client is created)",
            scope_related(ctx.facts.path, call.scope))
