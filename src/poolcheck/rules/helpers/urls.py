"""Views on the one URL model (poolcheck.urlmodel) that several URL rules share: a literal's
parsed URL, spans inside it, what a URL is for, which URLs the running app uses, and the
schema, env and config views of the project rules."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from ...core.diagnostics import Related, Span
from ...facts import FileFacts, UrlLiteral, UrlQueryInCode
from ...urlmodel import ConnectionUrl, Param, ParamProblem, check_params, names_direct_url, parse_url, suggest
from ...vocabulary.layout import schema_place
from ..context import ProjectRuleContext

DB_URL_NAME = re.compile(r"(DATABASE|DB|POSTGRES|PG|MYSQL)\w*_?URL|DATABASE_URL|DIRECT_URL", re.I)
# `.env.example`, and a stage's template too (`.env.production.example`)
_EXAMPLE_ENV = re.compile(r"^\.env(?:\.[^.]+)?\.(example|sample|template|dist|defaults|test)$", re.I)


# --- one file's URL literals ------------------------------------------------------------

def url_of(facts: FileFacts, lit: UrlLiteral) -> ConnectionUrl:
    """A URL literal parsed (a schema URL by its datasource's provider)."""
    return parse_url(lit.value, lit.provider)


def urls(facts: FileFacts, appended: bool = False) -> Iterator[tuple[UrlLiteral, ConnectionUrl]]:
    """The file's URL literals, parsed; with `appended`, also the parameters its code appends
    to a URL from the environment (appended_urls). A schema URL is parsed by its
    datasource's provider."""
    for lit in facts.of(UrlLiteral):
        yield lit, url_of(facts, lit)
    if appended:
        yield from appended_urls(facts)


def query_literal(q: UrlQueryInCode) -> UrlLiteral:
    """Parameters appended in code, seen as a literal whose value is the query (`?k=v&...`):
    spans inside it are exact when the front-end placed the text exactly (q.exact)."""
    return UrlLiteral(q.span, q.query, "code", None, q.env_var)


def appended_urls(facts: FileFacts) -> Iterator[tuple[UrlLiteral, ConnectionUrl]]:
    """UrlQueryInCode facts as query-only URLs. The URL they extend comes from the
    environment, so its provider is not known here: provider-specific checks use
    param_problems."""
    for q in facts.of(UrlQueryInCode):
        yield query_literal(q), parse_url(q.query)


_PROVIDERS = ("postgresql", "cockroachdb", "mysql", "sqlserver", "sqlite", "mongodb")


def param_problems(url: ConnectionUrl) -> list[ParamProblem]:
    """check_params; for a URL whose provider is unknown (parameters appended in code), the
    parameters no provider knows, each once."""
    if url.provider is not None:
        return check_params(url)
    out = []
    for p in url.params:
        problems = [check_params(replace(url, provider=provider, params=(p,))) for provider in _PROVIDERS]
        if all(any(x.kind == "unknown" for x in found) for found in problems):
            out.append(ParamProblem("unknown", p, f"`{p.key}` is no URL parameter of any database "
                                                  f"Prisma connects to", suggest("postgresql", p.key)))
    return out


def sub_span(lit: UrlLiteral, start: int, end: int) -> Span:
    """The span of value[start:end] when the value sits on one line exactly as written."""
    s = lit.span
    if s.line == s.end_line and s.end_col - s.col == len(lit.value) and 0 <= start <= end <= len(lit.value):
        return Span(s.line, s.col + start, s.line, s.col + max(end, start + 1))
    return s


def param_span(lit: UrlLiteral, p: Param) -> Span:
    return sub_span(lit, p.start, p.end)


def is_direct_role(lit: UrlLiteral) -> bool:
    role = (lit.role or "").upper()
    if lit.origin in ("schema", "config"):
        return "DIRECT" in role or "SHADOW" in role
    return names_direct_url(role)


def read_by_adapter(lit: UrlLiteral) -> bool:
    return (lit.role or "") in ("connectionString", "connection_string", "adapter")


def connection_limit(url: str) -> int | None:
    return parse_url(url).connection_limit()


def through_pooler(url: str, pooler_hosts: set[str] = frozenset()) -> bool:
    """pgbouncer=true, any pooler the URL model recognises, or a compose/k8s pooler service."""
    u = parse_url(url)
    return u.pgbouncer or u.pooler is not None or (u.host or "") in pooler_hosts


# --- the project's URLs -----------------------------------------------------------------

def runtime_urls(project) -> list[tuple[Path, UrlLiteral]]:
    """URLs the running app connects with: the datasource url / DATABASE_URL-like env
    values / datasourceUrl literals; not directUrl, shadow or migration URLs, not example
    env files, not deployment manifests (they belong to their own workloads)."""
    out = []
    schema_vars = project.schema_env_vars
    for path, u in project.urls:
        if u.origin == "deploy" or _EXAMPLE_ENV.match(path.name):
            continue
        name = u.env_var or u.role or ""
        # schema roles ("directUrl") and config ones ("datasource.directUrl")
        if (u.role or "").rsplit(".", 1)[-1].lower() in ("directurl", "shadowdatabaseurl"):
            continue
        if u.origin == "env":
            role = schema_vars.get(u.env_var or "")
            if role is not None:
                if role != "url":
                    continue
            elif names_direct_url(name) or not DB_URL_NAME.fullmatch(u.env_var or ""):
                continue
        out.append((path, u))
    for f, u in project.facts_of(UrlLiteral):
        if u.origin == "code" and not names_direct_url(u.role):
            out.append((f.path, u))
    return out


def schemas(project) -> list[FileFacts]:
    """The project's schema files that have a datasource, where Prisma looks for one
    (`vocabulary.layout.schema_place`): a sample schema the app ships as data
    (amplication's `src/core/dbSchemaImport/predefinedSchemes/papermark/papermark.prisma`)
    is nobody's datasource."""
    return [f for f in project.files if f.schema is not None and f.schema.datasource is not None
            and schema_place(f.path)]


def related_env(resolved) -> tuple[Related, ...]:
    if resolved is None:
        return ()
    return (Related(resolved.path, resolved.span, f"{resolved.name} is defined here"),)


def adapters_only(ctx: ProjectRuleContext) -> bool:
    """Prisma 7: URLs live in prisma.config.ts and clients use driver adapters."""
    project = ctx.project
    major = project.prisma_version
    return major is not None and major >= 7 and not project.is_python_client
