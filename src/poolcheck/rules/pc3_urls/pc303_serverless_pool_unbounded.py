"""PC303 serverless-pool-unbounded: a serverless deployment with an unbounded or default
pool size and no pooler."""

from __future__ import annotations

from ...core import safeio
from ...core.diagnostics import Related
from ...facts import ClientConstruction, UrlFromResource
from ...urlmodel import is_accelerate, parse_url
from ..context import ProjectRuleContext
from ..helpers.budget import PG_POOL_DEFAULT
from ...vocabulary.clients import POOL_TIMEOUT_OPTIONS, SOCKETLESS_ADAPTERS
from ..helpers.clients import backs_prisma, excluded_path, option_names, prisma_in_run, short_label
from ..helpers.urls import connection_limit, runtime_urls, through_pooler
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC303", "serverless-pool-unbounded", W, True, "project",
                "A serverless deployment with an unbounded or default pool size and no pooler",
                "Bound each instance's pool (connection_limit=1 in the URL, or max on a driver adapter's pool) or put a pooler in front")


@rule(SPEC)
def serverless_pool_unbounded(ctx: ProjectRuleContext):
    project = ctx.project
    target = project.serverless
    if target is None or not prisma_in_run(project):
        return
    platform = {"config": "serverless (config)", "serverless-framework": "AWS Lambda (serverless.yml)",
                "aws-sam": "AWS Lambda (SAM)", "vercel": "Vercel", "netlify": "Netlify",
                "sst": "SST"}.get(target.platform, target.platform)
    threshold = project.option("serverless-connection-limit")
    related = []
    if project.serverless_path is not None and safeio.is_file(project.serverless_path):
        related.append(Related(project.serverless_path, target.span, f"deploys to {platform}"))
    if project.uses_adapter and not project.is_python_client:
        for facts in project.files:
            if excluded_path(facts.path):
                continue
            for c in facts.of(ClientConstruction):
                if c.kind not in ("pool", "adapter") or c.class_name in SOCKETLESS_ADAPTERS or \
                        not backs_prisma(facts, c):
                    continue
                if c.scope.kind.value in ("test", "script") or c.dev_only or c.has_option("max") or c.wraps_pool or \
                        any(k in ("...", "*") for k, _ in c.options):
                    continue
                # PC310 on the same construction is dropped (registry.SUPERSEDES): say it here.
                timeout = "" if option_names(c) & POOL_TIMEOUT_OPTIONS else (
                    "; without `connectionTimeoutMillis` an exhausted pool also waits forever "
                    "instead of failing like P2024")
                settings = "`max: 1` (or a small number)" + (" and `connectionTimeoutMillis`" if timeout else "")
                yield ctx.report(
                    facts.path, c.span,
                    f"{short_label(c)} without `max` on {platform}: every instance opens up to "
                    f"{PG_POOL_DEFAULT} connections (the pg default), and instances multiply "
                    f"with traffic{timeout}; set {settings}, or use a pooler",
                    related)
        return
    yield from _resource_urls(ctx, platform, threshold, related)
    for path, u in runtime_urls(project):
        if is_accelerate(u.value) or through_pooler(u.value):
            continue
        if not u.value.lower().startswith(("postgres://", "postgresql://", "mysql://", "sqlserver://", "cockroachdb://")):
            continue
        parsed = parse_url(u.value)
        if parsed is not None and parsed.local:
            continue  # localhost or a compose service: the dev database, not what is deployed
        n = connection_limit(u.value)
        what = f"`{u.env_var}`" if u.env_var else "the datasource URL"
        if n is None:
            yield ctx.report(
                path, u.span,
                f"{what} is a direct connection without connection_limit on {platform}: each "
                f"instance opens CPUs × 2 + 1 connections and instances multiply with traffic; "
                f"add connection_limit={threshold} or connect through a pooler",
                related)
        elif n > threshold:
            yield ctx.report(
                path, u.span,
                f"{what} allows connection_limit={n} per instance on {platform} without a "
                f"pooler; instances multiply with traffic: use connection_limit={threshold} or a "
                f"pooler",
                related)


def _resource_urls(ctx: ProjectRuleContext, platform: str, threshold: int, related: list):
    """A URL assembled in code from a linked database resource (SST's `Resource.Db.*`):
    its parameters are the literal query written in the template, so a missing or large
    connection_limit is known although every value is interpolated. A `pgbouncer=true`
    written there says the resource is a pooler. The URL sst.config.ts builds from a
    component (no owner) reaches the client only through the env variable the schema's
    url reads: with none (next-learn-hono builds its own from `Resource` in code, reported
    there), it is not the client's."""
    env_url = "url" in ctx.project.schema_env_vars.values()
    for facts, u in ctx.project.facts_of(UrlFromResource):
        if excluded_path(facts.path) or not u.owner and not env_url:
            continue
        query = u.query
        if "pgbouncer=true" in query.lower():
            continue
        n = connection_limit(f"{u.scheme}://resource/db?{query}") if query else None
        what = f"the URL built from `{u.owner + '.' if u.owner else ''}{u.resource}`"
        if n is None:
            yield ctx.report(
                facts.path, u.span,
                f"{what} is a direct connection without connection_limit on {platform}: each "
                f"instance opens CPUs × 2 + 1 connections and instances multiply with traffic; "
                f"append ?connection_limit={threshold} to the template or connect through a pooler",
                related)
        elif n > threshold:
            yield ctx.report(
                facts.path, u.span,
                f"{what} allows connection_limit={n} per instance on {platform} without a pooler; "
                f"instances multiply with traffic: use connection_limit={threshold} or a pooler",
                related)
