"""PC101 client-per-request: a Prisma client or pool constructed per request."""

from __future__ import annotations

from ...core.diagnostics import Severity
from ...facts import ClientConstruction, ScopeKind
from ...vocabulary.clients import CLIENT_APIS
from ..context import FileRuleContext
from ..helpers.clients import client_label, inside_client, without_socketless
from ..helpers.scope_text import describe_scope, edge_runtime, scope_related
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC101", "client-per-request", E, True, "file",
                "A Prisma client or pool is constructed per request",
                "Import one shared client from a module such as lib/db.ts")


@rule(SPEC)
def client_per_request(ctx: FileRuleContext):
    if edge_runtime(ctx):
        return
    per_request = [c for c in ctx.facts.of(ClientConstruction)
                   if c.scope.kind is ScopeKind.REQUEST and not c.memoised]
    per_request = without_socketless(per_request)
    for c in per_request:
        if inside_client(c, per_request):
            continue  # the adapter or pool handed to that client: one cause, one finding
        where = describe_scope(c.scope)
        if c.accelerate:
            yield ctx.report(
                c.span,
                f"{client_label(c)} constructed per request in {where}; with Accelerate the pool "
                f"is server-side, but a shared client still saves the setup on every request",
                scope_related(ctx.facts.path, c.scope), severity=Severity.INFO)
            continue
        consequence = CLIENT_APIS[c.api].per_request_cost
        if c.per_request_store:
            where = f" in `{c.scope.name}`" if c.scope.name else ""
            yield ctx.report(
                c.span,
                f"{client_label(c)} stored on `{c.per_request_store}`{where}, which lives for one "
                f"request: {consequence}; share one client from a module",
                scope_related(ctx.facts.path, c.scope))
            continue
        yield ctx.report(
            c.span,
            f"{client_label(c)} constructed per request in {where}: {consequence}; "
            f"share one client from a module",
            scope_related(ctx.facts.path, c.scope))
