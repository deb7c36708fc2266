"""PC302 pooler-without-direct-url: the datasource URL is pooled and there is no direct URL for migrations."""

from __future__ import annotations

from ...urlmodel import parse_url, redact
from ..context import ProjectRuleContext
from ..helpers.urls import adapters_only, related_env, schemas
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC302", "pooler-without-direct-url", W, True, "project",
                'The datasource URL is pooled and there is no direct URL for migrations',
                'Add directUrl pointing at the database itself')


@rule(SPEC)
def pooler_without_direct_url(ctx: ProjectRuleContext):
    project = ctx.project
    only_adapters = adapters_only(ctx)
    if not only_adapters:
        for facts in schemas(project):
            ds = facts.schema.datasource
            url_setting = ds.url("url")
            if url_setting is None or ds.url("directUrl") is not None:
                continue
            value, resolved = url_setting.literal, None
            if url_setting.env_var is not None:
                resolved = project.resolve_env(url_setting.env_var, facts.path)
                value = resolved.value if resolved is not None else None
            if value is None:
                continue
            url = parse_url(value, ds.provider)
            if not url.pooled:
                continue
            yield ctx.report(
                facts.path, url_setting.span,
                f"the datasource url {redact(value)} is pooled and there is no directUrl: "
                f"`prisma migrate` through a transaction pooler fails; add directUrl = env(\"DIRECT_URL\") "
                f"pointing at the database itself", related_env(resolved))
    config = project.prisma_config
    if config is not None and config.datasource_url is not None and (only_adapters or not schemas(project)):
        cv = config.datasource_url
        value, resolved = cv.literal, None
        if cv.env_var is not None:
            resolved = project.resolve_env(cv.env_var)
            value = resolved.value if resolved is not None else None
        if value is not None and parse_url(value).pooled:
            yield ctx.report(
                config.path, cv.span,
                f"prisma.config.ts datasource.url {redact(value)} is pooled: the Prisma CLI runs "
                f"migrations through it and a transaction pooler breaks them; point it at the "
                f"direct connection and give the pooled URL to the driver adapter", related_env(resolved))
