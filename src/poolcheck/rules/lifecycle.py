"""PC1xx file rules: when clients are created, connected, disconnected and configured."""

from __future__ import annotations

from ..diagnostics import Related, Severity
from ..facts import ClientCall, ClientConstruction, Scope, ScopeKind
from . import FileRuleContext, file_rule

_WHAT = {"prisma": "PrismaClient", "pool": "connection pool", "adapter": "driver adapter"}
# Folders and files of health-check routes (`app/api/status/route.ts`, `api/healthz.ts`,
# `routes/health.py`): there a `$connect()` is the check itself, not per-request overhead.
HEALTH_ROUTE_NAMES = frozenset({"health", "healthz", "healthcheck", "health-check", "health_check",
                                "status", "ready", "readyz", "readiness", "live", "livez",
                                "liveness", "ping", "heartbeat"})


def _health_route(path) -> bool:
    """A file whose folders or own name (before its first dot) mark a health check."""
    parts = [p.lower() for p in path.parts[:-1]] + [path.name.split(".")[0].lower()]
    return any(p in HEALTH_ROUTE_NAMES for p in parts)


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
        related.insert(0, Related(scope.origin or path, scope.span, f"`{scope.name}` runs once per request"))
    return tuple(related)


def _client_label(c: ClientConstruction) -> str:
    label = _WHAT.get(c.kind, "client")
    if c.kind == "prisma" and c.class_name and c.class_name != "PrismaClient":
        return f"`{c.class_name}` client"  # Python `Prisma`, or an alias
    return f"`{c.class_name}` {label}" if c.class_name and c.class_name != label else label


def edge_runtime(ctx: FileRuleContext) -> bool:
    """Config `runtime = "edge" | "workers"`: every handler runs on an edge runtime, where a
    client per request (and its disconnect) is the documented pattern."""
    return ctx.option("runtime") in ("edge", "workers")


@file_rule("PC101")
def client_per_request(ctx: FileRuleContext):
    if edge_runtime(ctx):
        return
    for c in ctx.facts.of(ClientConstruction):
        if c.scope.kind is not ScopeKind.REQUEST or c.memoised:
            continue
        where = describe_scope(c.scope)
        if c.accelerate:
            yield ctx.report(
                c.span,
                f"{_client_label(c)} constructed per request in {where}; with Accelerate the pool "
                f"is server-side, but a shared client still saves the setup on every request",
                scope_related(ctx.facts.path, c.scope), severity=Severity.INFO)
            continue
        consequence = ("every request starts a query engine with its own pool"
                       if ctx.facts.language == "python" else "every request opens a new pool")
        if c.per_request_store:
            where = f" in `{c.scope.name}`" if c.scope.name else ""
            yield ctx.report(
                c.span,
                f"{_client_label(c)} stored on `{c.per_request_store}`{where}, which lives for one "
                f"request: {consequence}; share one client from a module",
                scope_related(ctx.facts.path, c.scope))
            continue
        yield ctx.report(
            c.span,
            f"{_client_label(c)} constructed per request in {where}: {consequence}; "
            f"share one client from a module",
            scope_related(ctx.facts.path, c.scope))


def _lifecycle_calls(ctx: FileRuleContext, method: str):
    for call in ctx.facts.of(ClientCall):
        if call.method == method and call.scope.kind is ScopeKind.REQUEST and call.receiver_shared:
            yield call


@file_rule("PC104")
def disconnect_per_request(ctx: FileRuleContext):
    if edge_runtime(ctx):
        return
    name = "disconnect()" if ctx.facts.language == "python" else "$disconnect()"
    for call in _lifecycle_calls(ctx, "disconnect"):
        place = " in `finally`" if call.in_finally else ""
        yield ctx.report(
            call.span,
            f"`{call.receiver}.{name}`{place} in {describe_scope(call.scope)} tears down the shared "
            f"pool: the next request reconnects and requests in flight fail",
            scope_related(ctx.facts.path, call.scope))


@file_rule("PC105")
def connect_per_request(ctx: FileRuleContext):
    python = ctx.facts.language == "python"
    if _health_route(ctx.facts.path):
        return
    for call in _lifecycle_calls(ctx, "connect"):
        if call.guarded:
            continue
        if python:
            yield ctx.report(
                call.span,
                f"`{call.receiver}.connect()` in {describe_scope(call.scope)}: concurrent requests "
                f"race to start the query engine; connect once at startup or guard with "
                f"`if not {call.receiver}.is_connected()`",
                scope_related(ctx.facts.path, call.scope))
        else:
            yield ctx.report(
                call.span,
                f"`{call.receiver}.$connect()` in {describe_scope(call.scope)} adds latency to every "
                f"request; Prisma connects lazily on the first query",
                scope_related(ctx.facts.path, call.scope), severity=Severity.INFO)


@file_rule("PC106")
def client_in_loop(ctx: FileRuleContext):
    for c in ctx.facts.of(ClientConstruction):
        if c.in_loop and not c.memoised:
            yield ctx.report(
                c.span,
                f"{_client_label(c)} constructed inside a loop: each iteration opens a pool that "
                f"stays open until garbage collected; use one client or a bounded cache keyed by tenant")


@file_rule("PC108")
def client_setup_per_request(ctx: FileRuleContext):
    for method in ("use", "on"):
        for call in _lifecycle_calls(ctx, method):
            what = "middleware" if method == "use" else "event listener"
            yield ctx.report(
                call.span,
                f"`{call.receiver}.${method}()` in {describe_scope(call.scope)} registers another "
                f"{what} on the shared client with every request; register it once where the "
                f"client is created",
                scope_related(ctx.facts.path, call.scope))
    # prisma-client-py: `register(db)` makes a client the global one for `Model.prisma()`.
    for call in _lifecycle_calls(ctx, "register"):
        yield ctx.report(
            call.span,
            f"`register({call.receiver})` in {describe_scope(call.scope)} registers the client "
            f"globally again with every request; register it once at startup (or pass "
            f"`auto_register=True` where the client is created)",
            scope_related(ctx.facts.path, call.scope))
