"""Schemes and providers: which database a connection string names, and whether a
string is a database connection URL at all (not any URL: https:// is not one)."""

from __future__ import annotations

import re

SCHEMES = {
    "postgresql": "postgresql", "postgres": "postgresql",
    "mysql": "mysql", "mariadb": "mysql",
    "sqlserver": "sqlserver",
    "file": "sqlite", "sqlite": "sqlite",
    "mongodb": "mongodb", "mongodb+srv": "mongodb",
    "cockroachdb": "cockroachdb",
    "prisma": "accelerate", "prisma+postgres": "accelerate",
}
ACCELERATE_SCHEMES = ("prisma", "prisma+postgres")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_SERVER_URL = re.compile(
    r"^(?:postgres(?:ql)?|mysql|mariadb|sqlserver|mongodb(?:\+srv)?|prisma(?:\+postgres)?|cockroachdb)://",
    re.IGNORECASE)


def is_accelerate(text: str) -> bool:
    """A `prisma://` or `prisma+postgres://` URL: Accelerate or Prisma Postgres keeps the
    pool on its side, and the engine's pool parameters do nothing."""
    return scheme_of(text.strip()) in ACCELERATE_SCHEMES


def looks_like_connection_url(value: str, sqlite_files: bool = True) -> bool:
    """A string that is a database connection URL (not any URL: https:// is not one).

    In env files and schemas `file:./dev.db` is a SQLite URL; in source code a `file:`
    string is usually something else, so the code front-ends pass sqlite_files=False."""
    text = value.strip()
    return bool(_SERVER_URL.match(text)) or (sqlite_files and text[:5].lower() == "file:")


def bare_scheme(value: str) -> bool:
    """`'postgresql://'` alone (`url.startsWith('postgresql://')`): it names a kind of URL,
    not a database to connect to, so no URL rule reads it."""
    m = _SERVER_URL.match(value.strip())
    return m is not None and m.end() == len(value.strip())


def scheme_of(text: str) -> str:
    m = _SCHEME.match(text.strip())
    return m.group(1).lower() if m else ""


