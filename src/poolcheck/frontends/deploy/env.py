"""Environment entries of deployment files (compose/serverless maps and `KEY=value`
lists), the connection URLs and pooler settings they carry, a service's role from its
image, and `max_connections` given on a database's command line."""

from __future__ import annotations

import re
from typing import Any, Iterable

from ...core.diagnostics import Span
from ...core.sources import Source
from ...facts import FileFacts, MaxConnections, PoolerSetting, UrlLiteral
from ...urlmodel import looks_like_connection_url
from .formats import as_int, locate

MAX_CONN = re.compile(r"(?:-c\s*|--)(max_connections\s*=\s*(\d+))")
MAX_CONN_SETTING = re.compile(r"max_connections\s*=\s*(\d+)")
# Pooler images read their settings from these variables (bitnami: PGBOUNCER_*,
# edoburu and most others: the bare pgbouncer.ini names upper-cased).
POOLER_ENV = {
    "pool_mode": ("PGBOUNCER_POOL_MODE", "POOL_MODE"),
    "default_pool_size": ("PGBOUNCER_DEFAULT_POOL_SIZE", "DEFAULT_POOL_SIZE"),
    "reserve_pool_size": ("PGBOUNCER_RESERVE_POOL_SIZE", "RESERVE_POOL_SIZE"),
    "max_db_connections": ("PGBOUNCER_MAX_DB_CONNECTIONS", "MAX_DB_CONNECTIONS"),
    "max_client_conn": ("PGBOUNCER_MAX_CLIENT_CONN", "MAX_CLIENT_CONN"),
}
POOLER_IMAGES = ("pgbouncer", "pgcat", "odyssey", "supavisor", "pgpool")
DATABASE_IMAGES = ("postgres", "postgis", "timescale", "mysql", "mariadb")
Env = list[tuple[str, str, Span]]


def role(image: str | None, name: str = "") -> str:
    text = f"{image or ''} {name}".lower()
    if any(p in text for p in POOLER_IMAGES):
        return "pooler"
    if image and any(d in image.lower() for d in DATABASE_IMAGES):
        return "database"
    return "app"


def env_entries(env: Any) -> tuple[Env, list[str]]:
    """Compose/serverless `environment:` as a map or a `KEY=value` list."""
    if hasattr(env, "value_spans"):
        return _map_entries(env)
    if hasattr(env, "item_spans"):
        return _list_entries(env)
    return [], []


def _map_entries(env: Any) -> tuple[Env, list[str]]:
    values: Env = []
    refs: list[str] = []
    for key, value in env.items():
        if value is None or isinstance(value, (dict, list)):
            refs.append(key)
        else:
            values.append((key, str(value) if not isinstance(value, bool) else str(value).lower(),
                           env.value_span(key)))
    return values, refs


def _list_entries(env: Any) -> tuple[Env, list[str]]:
    values: Env = []
    refs: list[str] = []
    for i, item in enumerate(env):
        if not isinstance(item, str):
            continue
        key, eq, value = item.partition("=")
        span = env.item_span(i)
        if not eq:
            refs.append(key.strip())
            continue
        # the value starts after `KEY=` (plus an opening quote when quoted)
        quote = 1 if span.end_col - span.col > len(item) and span.line == span.end_line else 0
        col = span.col + quote + len(key) + 1
        values.append((key.strip(), value, Span(span.line, col, span.line, col + len(value))))
    return values, refs


def emit_env_urls(facts: FileFacts, env: Iterable[tuple[str, str, Span]]) -> None:
    for key, value, span in env:
        if isinstance(value, str) and looks_like_connection_url(value, sqlite_files=False) and "${" not in value:
            facts.add(UrlLiteral(span, value, "deploy", role=key, env_var=key))


def pooler_settings(facts: FileFacts, env: Iterable[tuple[str, str, Span]], source: str) -> None:
    by_name = {k: (v, s) for k, v, s in env}
    for key, names in POOLER_ENV.items():
        for name in names:
            if name in by_name:
                value, span = by_name[name]
                facts.add(PoolerSetting(key, str(value), span, "pgbouncer", source))
                break


def max_connections_in(source: Source, facts: FileFacts, text: str, span: Span, origin: str) -> None:
    m = MAX_CONN.search(text)
    if m:
        facts.add(MaxConnections(int(m[2]), locate(source, span, m[1]), origin))


def max_connections_env(facts: FileFacts, env: Iterable[tuple[str, str, Span]], origin: str) -> None:
    """The bitnami images' `POSTGRESQL_MAX_CONNECTIONS`."""
    for key, value, vspan in env:
        if key == "POSTGRESQL_MAX_CONNECTIONS" and as_int(value) is not None:
            facts.add(MaxConnections(int(value), vspan, origin))
