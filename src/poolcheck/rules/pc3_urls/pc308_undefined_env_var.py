"""PC308 undefined-env-var: env("X") names a variable that no env file defines."""

from __future__ import annotations

from ..context import ProjectRuleContext
from ..helpers.urls import schemas
from ..spec import I, RuleSpec, rule

SPEC = RuleSpec("PC308", "undefined-env-var", I, True, "project",
                'env("X") names a variable that no env file defines',
                'Define the variable in an env file, or fix its name')


@rule(SPEC)
def undefined_env_var(ctx: ProjectRuleContext):
    project = ctx.project
    if not project.has_env_files:
        return
    defined = project.env_names | project.env_set_by_app  # zipline's config code, loan-wolf's Dockerfile ENV
    for facts in schemas(project):
        for ds in facts.schema.datasources:
            for u in ds.urls:
                if u.env_var is not None and u.env_var not in defined:
                    yield ctx.report(facts.path, u.span, _undefined(u.env_var, u.role))
    config = project.prisma_config
    if config is not None:
        for role, cv in (("datasource.url", config.datasource_url), ("datasource.directUrl", config.direct_url),
                         ("datasource.shadowDatabaseUrl", config.shadow_database_url)):
            if cv is None or cv.env_var is None or cv.has_default or any(v in defined for v in cv.env_vars):
                continue  # `process.env.A || process.env.B`: one defined alternative is enough
            yield ctx.report(config.path, cv.span, _undefined(cv.env_var, role, cv.fallbacks, cv.written))


def _undefined(name: str, role: str, fallbacks: tuple[str, ...] = (), written: str | None = None) -> str:
    """The message; `written` is how prisma.config.ts reads the variable (`process.env.X`),
    quoted as it is there, so the reader finds it (a schema only has `env("X")`)."""
    if fallbacks:
        names = ", ".join(f"`{n}`" for n in (name, *fallbacks))
        return (f"none of {names} (tried in turn for {role}) is defined in any env file of the "
                f"project; check the names, or define one in .env")
    shown = written or f'env("{name}")'
    return (f"{shown} for {role} is not defined in any env file of the project; "
            f"check the name, or define it in .env")
