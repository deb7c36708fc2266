"""Connection URLs written in a file, and the query parameters code appends to one."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.diagnostics import Span


@dataclass(frozen=True)
class UrlLiteral:
    """A connection URL value with its exact location.

    origin: "code" (string literal in source), "schema" (schema.prisma url/directUrl),
    "env" (.env assignment), "config" (prisma.config.ts), "deploy" (compose, manifests).
    `role` says what the URL is for: "url", "directUrl", "shadowDatabaseUrl",
    "datasourceUrl", "connectionString", "DATABASE_URL" (the env variable name), ...
    The raw value holds secrets: never put it in a message; use poolcheck.urlmodel.redact.
    """

    span: Span
    value: str
    origin: str
    role: str | None = None
    env_var: str | None = None
    provider: str | None = None    # schema URLs: the datasource's provider (how to parse it)


@dataclass(frozen=True)
class UrlConcatenation:
    """A query string appended to a URL read from the environment (PC311)."""

    span: Span
    operator: str                  # "+", "template", "concat", "f-string", "%", "format"
    env_var: str | None = None
    appended: str = ""


@dataclass(frozen=True)
class UrlQueryInCode:
    """URL parameters appended in code to a connection URL read from the environment:
    `process.env.DATABASE_URL + "?connection_limit=1"`, a template literal or f-string,
    `url.searchParams.set(k, v)`, `parsed._replace(query=...)`. The URL rules read them as a
    query-only URL (rules.helpers.urls.appended_urls); PC311 reads the UrlConcatenation.

    `query` is the parameter text, starting with `?` (a leading `&` or a bare `k=v` is read
    as `?`): when `exact`, `span` covers exactly `len(query)` columns of one line and
    `query[i]` sits at column `span.col + i` (the character before a bare `k=v` stands for
    its `?`), so a parameter's own span can be pointed at and edited; otherwise `span` is
    the expression that writes the parameters."""

    span: Span
    query: str
    env_var: str | None = None
    exact: bool = False
    operator: str = "+"            # as UrlConcatenation, or "searchParams", "urllib"


@dataclass(frozen=True)
class UrlFromResource:
    """A connection URL assembled in code from a deployment's linked database resource,
    every value interpolated: SST's `postgresql://${Resource.Db.username}:...@${Resource.Db.host}/...`
    (`Resource` from "sst"). Its literal parts are all that is known, and all the engine
    reads as parameters: the scheme and the query written after `?` ("" when none). The
    values (user, password, host) are never known, so never reported or masked."""

    span: Span
    scheme: str                    # "postgresql", "mysql", ...
    query: str                     # the literal query after `?`, "" without one
    resource: str                  # the resource's name (`Db`)
    platform: str = "sst"
    # what the fields are read from: the app's `Resource`, or "" for the component's own
    # variable in sst.config.ts (`$interpolate\`postgresql://${rds.username}:...\``: resource `rds`)
    owner: str = "Resource"
