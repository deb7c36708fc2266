"""PC107 module-client-on-workers: a socket-based client or pool at module scope on
Cloudflare Workers."""

from __future__ import annotations

from ...facts import ClientConstruction
from ...vocabulary.clients import SOCKETLESS_ADAPTERS
from ..context import ProjectRuleContext
from ..helpers.clients import excluded_path, module_level, short_label
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC107", "module-client-on-workers", E, True, "project",
                "A socket-based client or pool at module scope on Cloudflare Workers",
                "Construct per request and ctx.waitUntil(prisma.$disconnect())")


@rule(SPEC)
def module_client_on_workers(ctx: ProjectRuleContext):
    project = ctx.project
    if not project.workers:
        return
    for facts, c in project.facts_of(ClientConstruction):
        # only Prisma Client JS builds pools and adapters: no file is skipped by language
        if excluded_path(facts.path) or facts.prisma_config is not None:
            continue  # prisma.config.ts runs in the CLI, never on the Worker
        if not module_level(c) or c.kind not in ("pool", "adapter") or c.class_name in SOCKETLESS_ADAPTERS:
            continue
        if c.wraps_pool:
            continue  # `new PrismaPg(pool)`: one finding, on the pool that owns the sockets
        yield ctx.report(
            facts.path, c.span,
            f"{short_label(c)} at module scope on Cloudflare Workers: a Worker cannot reuse a socket "
            f"across requests, so the next request hangs; construct it inside the fetch "
            f"handler and end it with ctx.waitUntil(prisma.$disconnect())")
