"""PC102 missing-dev-singleton: a module-level client without a globalThis cache where a
dev server hot-reloads modules."""

from __future__ import annotations

from ...facts import ClientConstruction, GlobalCacheAccess
from ..context import ProjectRuleContext
from ...vocabulary.clients import CLIENT_APIS
from ..helpers.clients import backs_prisma, module_level, short_label, without_socketless
from ..helpers.package_clients import module_key, process_clients, reached_from
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC102", "missing-dev-singleton", W, True, "project",
                "A module-level client without a globalThis cache in a hot-reloading dev server",
                "Cache the client on globalThis outside production")

def _global_cache_state(facts) -> dict[str, dict[str, list]]:
    """Per global property: the spans of a file's reads, writes and production-only writes."""
    state: dict[str, dict[str, list]] = {}
    for access in facts.of(GlobalCacheAccess):
        entry = state.setdefault(access.prop, {"read": [], "write": [], "prod": []})
        if access.read:
            entry["read"].append(access.span)
        if access.write:
            entry["prod" if access.production_only else "write"].append(access.span)
    return state


@rule(SPEC)
def missing_dev_singleton(ctx: ProjectRuleContext):
    project = ctx.project
    reloader = project.hot_reload
    if reloader is None:
        return
    filled = _filled_outside_production(project)
    # A workspace package with no dev server of its own: only the modules that a reloading
    # app's own code loads (typebot's `withReadReplica.ts` only its scripts import).
    loaded = None if project.own_hot_reload is not None else _loaded_by_reloading_apps(project)
    # Only a file that constructs a client can leak one.
    for facts in {id(f): f for f, _ in project.facts_of(ClientConstruction)}.values():
        if "cloudflare-worker" in facts.traits():
            continue  # Workers do not hot-reload modules; PC107 judges module clients there
        if loaded is not None:
            if facts.path not in loaded:
                continue
            reloader = loaded[facts.path]
        # Only clients whose module a dev server re-evaluates (not prisma-client-py: Python
        # dev servers restart the process).
        reloaded = [c for c in facts.of(ClientConstruction) if CLIENT_APIS[c.api].module_reloaded_by_dev_server]
        # An HTTP adapter (PlanetScale, Neon's HTTP, D1) and its client hold no sockets: a
        # reload leaks no pool.
        reloaded = without_socketless(reloaded)
        # An Accelerate client talks HTTP to a server-side pool: a reload leaks no pool.
        # A client cached in a module variable leaks per reload wherever it is built (the
        # first call after each reload builds another), so a getter's counts too.
        clients = [c for c in reloaded if (module_level(c) or c.module_variable_cache)
                   and not c.accelerate and backs_prisma(facts, c)]
        prisma = [c for c in clients if c.kind == "prisma"]
        if not prisma and any(c.kind == "prisma" for c in reloaded):
            # The client is built by a function of this file (`const make = () => new
            # PrismaClient({ adapter })`, cached as `globalThis.prisma ?? make()`): a
            # module-level adapter opens its pool only when that client connects, so the
            # client decides, not the adapter.
            continue
        clients = prisma or clients
        if not clients:
            continue
        # A module variable as the only cache (the file touches no global): the reload
        # that evaluates the module again empties it.
        module_cache_only = not any(True for _ in facts.of(GlobalCacheAccess))
        for c in clients:
            if not c.memoised:
                yield ctx.report(
                    facts.path, c.span,
                    f"module-level {short_label(c)} without a globalThis cache: the {reloader} dev "
                    f"server re-evaluates this module on every change and each reload leaks a "
                    f"connection pool; keep the client on globalThis outside production")
            elif c.module_variable_cache and module_cache_only:
                yield ctx.report(
                    facts.path, c.span,
                    f"{short_label(c)} cached in a module variable: the {reloader} dev server "
                    f"re-evaluates this module on every change, which starts the variable empty, "
                    f"and each reload leaks a connection pool; keep the client on globalThis "
                    f"outside production")
        if not any(c.memoised for c in clients):
            continue
        yield from _cache_findings(ctx, facts, filled)


def _loaded_by_reloading_apps(project) -> dict:
    """The package's files that an app with a dev server loads, each with that app's
    label: what the package's entry reaches (the app imports it by name, directly or
    through another package), and the client modules the app's own code imports by a
    subpath (helpers.package_clients)."""
    out: dict = {}
    for app, label in project.reloading_apps:
        for package in app.runs_with:
            if package.root == project.root:
                keys = reached_from(package.files, package.entries)
                for facts in package.files:
                    if module_key(facts.path) in keys:
                        out.setdefault(facts.path, label)
        for path, *_ in process_clients(app):
            out.setdefault(path, label)
    return out


def _filled_outside_production(project) -> set[str]:
    """The global properties some file of the project writes outside production. A cache
    one module fills and another only reads (`lib/prisma.ts` writes `globalThis.prisma`, a
    route reads `globalThis.prisma || new PrismaClient()`) is filled for both."""
    return {access.prop for _, access in project.facts_of(GlobalCacheAccess)
            if access.write and not access.production_only}


def _cache_findings(ctx: ProjectRuleContext, facts, filled: set[str]):
    """A globalThis cache that never fills: written only in production, never read, or
    never written (by this file or any other of the project)."""
    for prop, entry in sorted(_global_cache_state(facts).items()):
        reads, writes, prod = entry["read"], entry["write"], entry["prod"]
        if reads and not writes and prod:
            yield ctx.report(
                facts.path, prod[0],
                f"globalThis.{prop} is written only when NODE_ENV is \"production\": in "
                f"development, where modules reload, the cache is never filled and each "
                f"reload leaks a pool; write it when NODE_ENV !== \"production\"")
        elif writes and not reads and not prod:
            yield ctx.report(
                facts.path, writes[0],
                f"globalThis.{prop} is written but never read: every reload still constructs "
                f"a new client; use `globalThis.{prop} ?? new PrismaClient()`")
        elif reads and not writes and not prod and prop not in filled:
            yield ctx.report(
                facts.path, reads[0],
                f"globalThis.{prop} is read but never written: the cache stays empty and "
                f"every reload constructs a new client; assign globalThis.{prop} = client "
                f"outside production")
