"""PostgreSQL poolers in front of the database, recognised by host and port."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import ConnectionUrl


@dataclass(frozen=True)
class Pooler:
    kind: str                  # "supabase" | "neon" | "pgbouncer" | "prisma-postgres" | "port"
    transaction_mode: bool     # a transaction-mode pooler: sessions are shared between clients
    why: str                   # "host contains pooler.supabase.com and port 6543", ...
    # The pooler tracks protocol-level prepared statements (PgBouncer >= 1.21 with
    # max_prepared_statements): Prisma's named statements work without pgbouncer=true.
    prepared_statements: bool = False


def detect_pooler(url: ConnectionUrl) -> Pooler | None:
    """A PostgreSQL pooler in front of the database, recognised by host and port."""
    if not url.postgres_like:
        return None
    host = url.host or ""
    port = url.port
    if "pooler.supabase.com" in host:
        if port == 6543:
            return Pooler("supabase", True, "a Supabase pooler host on port 6543 (transaction mode)")
        # Supavisor on 5432 is session mode: prepared statements work there.
        return Pooler("supabase", False, "a Supabase pooler host on port 5432 (session mode)")
    if "-pooler." in host:
        # Neon runs PgBouncer 1.22 with protocol-level prepared statements (Neon's
        # announcement "PgBouncer: the one with prepared statements"); Prisma recommends
        # no pgbouncer=true on PgBouncer >= 1.21.
        return Pooler("neon", True, "a Neon pooled host (-pooler.), PgBouncer in transaction mode",
                      prepared_statements=True)
    if host.startswith("pooled.db.prisma.io") or host == "pooled.db.prisma.io":
        return Pooler("prisma-postgres", False, "the Prisma Postgres pooled endpoint")
    if "pgbouncer" in host:
        return Pooler("pgbouncer", True, "a PgBouncer host")
    if port == 6543:
        return Pooler("port", True, "port 6543 (the usual transaction-pooler port)")
    if port == 6432:
        return Pooler("port", True, "port 6432 (PgBouncer's port)")
    return None
