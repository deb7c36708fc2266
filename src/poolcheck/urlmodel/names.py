"""What an environment variable's name says about its value: a database URL, or the
direct (migration) URL."""

from __future__ import annotations

import re

# Words (between `_` or case changes) that, in an environment variable's name, say it
# holds a database connection URL: `DATABASE_URL`, `PG_DSN`, `POSTGRES_URI`, `DIRECT_URL`,
# `databaseUrl`. `NEYNAR_LOGIN_URL` or `FEEDBACK_URL` is some other URL.
_DB_ENV_WORDS = frozenset({
    "DATABASE", "DATABASES", "DB", "DSN", "POSTGRES", "POSTGRESQL", "PG", "PSQL", "MYSQL",
    "MARIADB", "MONGO", "MONGODB", "SQL", "SQLSERVER", "MSSQL", "COCKROACH", "COCKROACHDB",
    "PRISMA", "DIRECT", "SHADOW", "POOLED", "UNPOOLED", "POOLER", "PGBOUNCER", "SUPABASE",
    "NEON", "PLANETSCALE", "TURSO", "LIBSQL", "ACCELERATE", "CONNECTION", "CONN",
})
_ENV_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")

# Names that by convention hold the direct (migration) URL, not the one the client uses.
_DIRECT_URL_WORDS = ("DIRECT", "SHADOW", "MIGRAT", "UNPOOLED", "NON_POOLING")


def names_direct_url(name: str | None) -> bool:
    """`DIRECT_URL`, `SHADOW_DATABASE_URL`, `POSTGRES_URL_NON_POOLING`, `directUrl`: a URL
    that migrations use and the running client does not."""
    upper = (name or "").upper()
    return any(word in upper for word in _DIRECT_URL_WORDS)


def env_name_holds_url(name: str) -> bool:
    """`DATABASE_URL`, `PG_DSN`, `POSTGRES_URI`...: a variable whose value is a connection URL
    (used to tell `process.env.DATABASE_URL + "?x=1"` from any string concatenation)."""
    words = {w.upper() for w in _ENV_WORD.findall(name)}
    return bool(words & _DB_ENV_WORDS) or any(w.startswith(("DATABASE", "POSTGRES")) for w in words)
