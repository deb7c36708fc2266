"""Database and pooler configuration: pgbouncer.ini (by PgBouncer's own rules: `key =
value`, comments are whole lines starting with ; or #) and postgresql.conf."""

from __future__ import annotations

import re

from ...core.diagnostics import Span
from ...core.sources import Source, split_lines
from ...facts import FileFacts, MaxConnections, PoolerSetting

POSTGRESQL_MAX_CONN = re.compile(r"^\s*max_connections\s*=?\s*'?(\d+)'?")


def pgbouncer(source: Source, facts: FileFacts) -> None:
    """The settings of the [pgbouncer] and [databases] sections."""
    section = ""
    for number, raw in enumerate(split_lines(source.text), start=1):
        stripped = raw.strip()
        if not stripped or stripped[0] in ";#":
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip().lower()
            continue
        key, eq, value = raw.partition("=")
        if not eq:
            continue
        key = key.strip().lower()
        start = raw.index("=") + 1
        start += len(raw[start:]) - len(raw[start:].lstrip())
        value = raw[start:].rstrip()
        span = (Span(number, start + 1, number, start + 1 + len(value)) if value
                else Span(number, 1, number, len(raw) + 1))
        if section in ("pgbouncer", "databases"):
            facts.add(PoolerSetting(key, value, span, section, "pgbouncer.ini"))


def postgresql_conf(source: Source, facts: FileFacts) -> None:
    for number, raw in enumerate(split_lines(source.text), start=1):
        m = POSTGRESQL_MAX_CONN.match(raw)
        if m:
            facts.add(MaxConnections(int(m[1]), Span(number, m.start(1) + 1, number, m.end(1) + 1),
                                     "postgresql.conf"))
