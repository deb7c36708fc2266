"""PC3xx rules: connection URLs and pool configuration.

File rules read `UrlLiteral` facts (schema, env, config, code), `ClientConstruction`
facts for adapter pools and `UrlConcatenation` facts; project rules also read the parsed
schema (`models["schema"]`), env files (`models["dotenv"]`), prisma.config.ts and the
Prisma version. Every URL shown goes through `poolcheck.urls.redact`; parameter values are
shown only for typed pool parameters, never for anything that could be a secret.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..core.diagnostics import Related, Severity, Span
from ..envresolve import defined_env_names, prisma_version, resolve_env
from ..facts import UNKNOWN, ClientConstruction, FileFacts, UrlConcatenation, UrlLiteral, Workload
from ..urlmodel import (ConnectionUrl, Param, check_params, local_service, names_direct_url, parse_url,
                    placeholder_password, redact, template_host)
from . import FileRuleContext, ProjectRuleContext, backs_prisma, file_rule, project_rule

_ADAPTER_POOL_CLASSES = ("Pool", "PrismaPg", "PrismaNeon", "PrismaMariaDb", "PrismaMssql")


# ---------------------------------------------------------------------------- helpers
def _schema_provider(facts: FileFacts) -> str | None:
    model = facts.models.get("schema")
    ds = model.datasource if model is not None else None
    return ds.provider if ds is not None else None


def _url_of(facts: FileFacts, lit: UrlLiteral) -> ConnectionUrl:
    provider = _schema_provider(facts) if lit.origin == "schema" else None
    return parse_url(lit.value, provider)


def _urls(facts: FileFacts) -> Iterator[tuple[UrlLiteral, ConnectionUrl]]:
    for lit in facts.of(UrlLiteral):
        yield lit, _url_of(facts, lit)


def _sub_span(lit: UrlLiteral, start: int, end: int) -> Span:
    """The span of value[start:end] when the value sits on one line exactly as written."""
    s = lit.span
    if s.line == s.end_line and s.end_col - s.col == len(lit.value) and 0 <= start <= end <= len(lit.value):
        return Span(s.line, s.col + start, s.line, s.col + max(end, start + 1))
    return s


def _param_span(lit: UrlLiteral, p: Param) -> Span:
    return _sub_span(lit, p.start, p.end)


def _is_direct_role(lit: UrlLiteral) -> bool:
    role = (lit.role or "").upper()
    if lit.origin in ("schema", "config"):
        return "DIRECT" in role or "SHADOW" in role
    return names_direct_url(role)


def _read_by_adapter(lit: UrlLiteral) -> bool:
    return (lit.role or "") in ("connectionString", "connection_string", "adapter")


# ---------------------------------------------------------------------------- PC301
@file_rule("PC301")
def pooler_without_pgbouncer_flag(ctx: FileRuleContext):
    version = None
    for lit, url in _urls(ctx.facts):
        pooler = url.pooler
        if not url.postgres_like or pooler is None or not pooler.transaction_mode or url.has("pgbouncer") \
                or pooler.prepared_statements:
            continue
        if _is_direct_role(lit) or _read_by_adapter(lit) or url.accelerate:
            continue
        if version is None:
            version = prisma_version(ctx.facts.path, ctx.settings)
        if not version.engine_reads_url_params:
            continue
        yield ctx.report(
            lit.span,
            f"{redact(lit.value)} goes through {pooler.why} but has no pgbouncer=true: Prisma's "
            f"prepared statements fail with `prepared statement \"s0\" already exists`; add "
            f"pgbouncer=true, or run PgBouncer >= 1.21 with max_prepared_statements > 0")


# ---------------------------------------------------------------------------- PC304
@file_rule("PC304")
def pool_timeout_disabled(ctx: FileRuleContext):
    for lit, url in _urls(ctx.facts):
        key = "pooltimeout" if url.provider == "sqlserver" else "pool_timeout"
        for p in url.params:
            if (p.norm if url.case_insensitive else p.key) == key and p.value.strip() == "0":
                yield ctx.report(
                    _param_span(lit, p),
                    f"`{p.key}=0` disables the pool timeout: when the pool is exhausted, queries "
                    f"queue forever instead of failing with P2024; use a finite value (default 10)")
    for c in ctx.facts.of(ClientConstruction):
        if c.kind not in ("pool", "adapter"):
            continue
        for key, value in c.options:
            if key.rsplit(".", 1)[-1] in ("connectionTimeoutMillis", "acquireTimeout") and value == 0 \
                    and not isinstance(value, bool):
                yield ctx.report(
                    c.option_span(key) or c.span,
                    f"`{key.rsplit('.', 1)[-1]}: 0` on `{c.class_name}` waits forever for a free "
                    f"connection; set a finite timeout so an exhausted pool fails fast")


# ---------------------------------------------------------------------------- PC305
@file_rule("PC305")
def unknown_url_parameter(ctx: FileRuleContext):
    for lit, url in _urls(ctx.facts):
        for problem in check_params(url):
            if problem.kind not in ("unknown", "other-provider"):
                continue
            hint = f"; did you mean `{problem.suggestion}`?" if problem.suggestion else ""
            yield ctx.report(_param_span(lit, problem.param),
                             f"{problem.message}: Prisma drops it silently{hint}")


# ---------------------------------------------------------------------------- PC306
_ISSUES = {
    "second-question-mark": "a second `?` in the query: everything after it becomes part of the "
                            "previous value and those parameters are lost; join parameters with `&`",
    "ampersand-without-question-mark": "parameters after `&` with no `?`: they are read as part "
                                       "of the database name; start the query with `?`",
    "empty-key": "a query parameter with an empty name",
    "too-many-parameters": "more than 1,000 query parameters: the rest was not checked",
}


@file_rule("PC306")
def malformed_url_query(ctx: FileRuleContext):
    for lit, url in _urls(ctx.facts):
        for issue in url.issues:
            yield ctx.report(_sub_span(lit, issue.start, issue.end),
                             f"{redact(lit.value)}: {_ISSUES[issue.kind]}",
                             severity=Severity.INFO if issue.kind == "too-many-parameters" else None)
        for problem in check_params(url):
            if problem.kind in ("bad-type", "zero-limit"):
                yield ctx.report(_param_span(lit, problem.param), problem.message)
            elif problem.kind == "duplicate":
                yield ctx.report(_param_span(lit, problem.param), problem.message, severity=Severity.WARNING)
    dotenv = ctx.facts.models.get("dotenv")
    if dotenv is not None:
        for warning in dotenv.warnings:
            if warning.url_related:
                yield ctx.report(warning.span, warning.message, severity=Severity.WARNING)


# ---------------------------------------------------------------------------- PC307
def credential_looks_real(url: ConnectionUrl, services: frozenset[str] = frozenset(),
                          cluster: bool = False) -> bool:
    """A password (or Accelerate API key) that is neither a placeholder nor for a local
    development service (urls.placeholder_password, template_host, local_service)."""
    if url.accelerate:
        key = url.get("api_key")
        return bool(key) and not placeholder_password(key)
    password = url.password_value
    if password is None or placeholder_password(password, url.user):
        return False
    return not (template_host(url.host) or local_service(url.host, services, dev_names=not cluster))


@file_rule("PC307")
def hardcoded_credentials(ctx: FileRuleContext):
    # A compose file's own services are local development hosts (`@rallly_db`, `@hoppscotch-db`).
    workloads = list(ctx.facts.of(Workload))
    services = frozenset(w.name for w in workloads if w.platform == "docker-compose")
    # In a Kubernetes manifest `@postgres` is the production database's in-cluster service.
    cluster = any(w.platform == "kubernetes" for w in workloads)
    for lit, url in _urls(ctx.facts):
        if lit.origin == "env" or not credential_looks_real(url, services, cluster):
            continue
        what = "an API key" if url.accelerate else "a password"
        yield ctx.report(
            lit.span,
            f"{redact(lit.value)} holds {what} in {_where(lit)}; read the URL from an environment "
            f"variable (env(\"DATABASE_URL\"), process.env, os.environ) and keep the value in .env")


def _where(lit: UrlLiteral) -> str:
    return {"schema": "the schema", "config": "prisma.config.ts", "code": "source code",
            "deploy": "a committed manifest"}.get(lit.origin, "a committed file")


# ---------------------------------------------------------------------------- PC310
def _option_names(c: ClientConstruction) -> set[str]:
    return {k.rsplit(".", 1)[-1] for k, _ in c.options}


@file_rule("PC310")
def adapter_pool_unconfigured(ctx: FileRuleContext):
    for c in ctx.facts.of(ClientConstruction):
        if c.kind not in ("pool", "adapter") or c.class_name not in _ADAPTER_POOL_CLASSES:
            continue
        if not backs_prisma(ctx.facts, c):
            continue  # a pg pool for Kysely or raw SQL
        names = _option_names(c)
        if c.kind == "adapter" and not names & {"connectionString", "host", "database", "user", "server"}:
            continue  # `new PrismaPg(pool)`: the pool it wraps is checked where it is built
        if any(v is UNKNOWN for k, v in c.options if k in ("", "...", "*")):
            continue  # options spread from elsewhere
        size = names & {"max", "connectionLimit"}
        timeout = names & {"connectionTimeoutMillis", "acquireTimeout"}
        if size or timeout:
            continue
        yield ctx.report(
            c.span,
            f"`{c.class_name}` pool without `max` and without `connectionTimeoutMillis`: it uses "
            f"the driver's default size (pg: 10) and an exhausted pool waits forever instead of "
            f"failing like P2024; set both")


# ---------------------------------------------------------------------------- PC311
@file_rule("PC311")
def url_query_concatenation(ctx: FileRuleContext):
    for cat in ctx.facts.of(UrlConcatenation):
        source = f"`{cat.env_var}`" if cat.env_var else "a URL from the environment"
        how = {"+": "string concatenation", "template": "a template literal", "concat": "concat()",
               "f-string": "an f-string", "%": "%-formatting", "format": "str.format()"}.get(cat.operator, "concatenation")
        if cat.appended.lstrip().startswith("&"):
            # `url + "&pgbouncer=true"` assumes the opposite: a query already there
            risk = ("if the URL has no query yet, `&...` becomes part of the database name and "
                    "the parameters are lost")
        else:
            risk = ("if the URL already has a query (?schema=..., ?sslmode=...) the result has "
                    "two `?` and the new parameters are lost")
        yield ctx.report(
            cat.span,
            f"query parameters appended to {source} with {how}: {risk}; use "
            f"new URL(...).searchParams.set or urllib.parse")


# ---------------------------------------------------------------------------- PC312
@file_rule("PC312")
def rds_proxy(ctx: FileRuleContext):
    for lit, url in _urls(ctx.facts):
        if url.rds_proxy:
            yield ctx.report(
                lit.span,
                f"{redact(lit.value)} is an RDS Proxy endpoint: Prisma's prepared statements pin "
                f"every connection to one client, so the proxy gives no pooling benefit")


# ---------------------------------------------------------------------------- project side
def _schemas(project) -> list[FileFacts]:
    return [f for f in project.files if f.language == "prisma" and f.models.get("schema") is not None
            and f.models["schema"].datasource is not None]


def _config(project):
    from ..frontends import prisma_config

    path = prisma_config.find(Path(project.root))
    return prisma_config.load(path) if path is not None else None


def _related_env(resolved) -> tuple[Related, ...]:
    if resolved is None:
        return ()
    return (Related(resolved.path, resolved.span, f"{resolved.name} is defined here"),)


def _adapters_only(ctx: ProjectRuleContext) -> bool:
    """Prisma 7: URLs live in prisma.config.ts and clients use driver adapters."""
    project = ctx.project
    major = project.prisma_version
    return major is not None and major >= 7 and not project.is_python_client


@project_rule("PC302")
def pooler_without_direct_url(ctx: ProjectRuleContext):
    project = ctx.project
    files = project.files
    adapters_only = _adapters_only(ctx)
    if not adapters_only:
        for facts in _schemas(project):
            ds = facts.models["schema"].datasource
            url_setting = ds.url("url")
            if url_setting is None or ds.url("directUrl") is not None:
                continue
            value, resolved = url_setting.literal, None
            if url_setting.env_var is not None:
                resolved = resolve_env(url_setting.env_var, files, facts.path)
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
                f"pointing at the database itself", _related_env(resolved))
    config = _config(project)
    if config is not None and config.datasource_url is not None and (adapters_only or not _schemas(project)):
        cv = config.datasource_url
        value, resolved = cv.literal, None
        if cv.env_var is not None:
            resolved = resolve_env(cv.env_var, files)
            value = resolved.value if resolved is not None else None
        if value is not None and parse_url(value).pooled:
            yield ctx.report(
                config.path, cv.span,
                f"prisma.config.ts datasource.url {redact(value)} is pooled: the Prisma CLI runs "
                f"migrations through it and a transaction pooler breaks them; point it at the "
                f"direct connection and give the pooled URL to the driver adapter", _related_env(resolved))


@project_rule("PC308")
def undefined_env_var(ctx: ProjectRuleContext):
    project = ctx.project
    defined = defined_env_names(project.files)
    if not any(f.language == "dotenv" for f in project.files):
        return
    for facts in _schemas(project):
        for ds in facts.models["schema"].datasources:
            for u in ds.urls:
                if u.env_var is not None and u.env_var not in defined:
                    yield ctx.report(facts.path, u.span, _undefined(u.env_var, u.role))
    config = _config(project)
    if config is not None:
        for role, cv in (("datasource.url", config.datasource_url), ("datasource.directUrl", config.direct_url),
                         ("datasource.shadowDatabaseUrl", config.shadow_database_url)):
            if cv is None or cv.env_var is None or cv.has_default or any(v in defined for v in cv.env_vars):
                continue  # `process.env.A || process.env.B`: one defined alternative is enough
            yield ctx.report(config.path, cv.span, _undefined(cv.env_var, role, cv.fallbacks))


def _undefined(name: str, role: str, fallbacks: tuple[str, ...] = ()) -> str:
    if fallbacks:
        names = ", ".join(f"`{n}`" for n in (name, *fallbacks))
        return (f"none of {names} (tried in turn for {role}) is defined in any env file of the "
                f"project; check the names, or define one in .env")
    return (f"env(\"{name}\") for {role} is not defined in any env file of the project; "
            f"check the name, or define it in .env")
