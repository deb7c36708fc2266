"""The connection-URL model: `parse_url` and `ConnectionUrl`.

`parse_url(text)` reads a connection string the way Prisma's engines (quaint) do:
`postgresql://` / `postgres://`, `mysql://`, `sqlserver://host:port;key=value;...` (keys
case-insensitive), `file:` (SQLite), `mongodb://` / `mongodb+srv://`, and the Accelerate
forms `prisma://` and `prisma+postgres://`. It never raises: a value it cannot read gives
a `ConnectionUrl` with `provider=None`.

Every URL shown goes through `redaction.redact` (`ConnectionUrl.redacted()`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from .authority import _cut_password, split_authority
from .credentials import local_service
from .poolers import Pooler, detect_pooler
from .redaction import redact
from .schemes import _SCHEME, ACCELERATE_SCHEMES, SCHEMES, scheme_of


@dataclass(frozen=True)
class Param:
    key: str                   # as written
    value: str                 # percent-decoded
    start: int                 # offset of the key in the URL text
    end: int                   # offset just after the value
    has_equals: bool = True

    @property
    def norm(self) -> str:
        return self.key.lower()


@dataclass(frozen=True)
class QueryIssue:
    kind: str                  # "second-question-mark" | "ampersand-without-question-mark" | "empty-key"
                               # | "too-many-parameters" (the rest is not read)
    start: int
    end: int


@dataclass(frozen=True)
class ConnectionUrl:
    raw: str
    scheme: str
    provider: str | None
    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = None
    database: str | None = None
    params: tuple[Param, ...] = ()
    issues: tuple[QueryIssue, ...] = ()
    query_start: int | None = None

    def get(self, key: str) -> str | None:
        """The value the engine uses: the last occurrence (case-insensitive on SQL Server)."""
        found = None
        for p in self.params:
            if p.key == key or (self.case_insensitive and p.norm == key.lower()):
                found = p.value
        return found

    def has(self, key: str) -> bool:
        return self.get(key) is not None

    @property
    def case_insensitive(self) -> bool:
        return self.provider in ("sqlserver", "mongodb")

    @property
    def accelerate(self) -> bool:
        return self.scheme in ACCELERATE_SCHEMES

    @property
    def has_password(self) -> bool:
        if self.password:
            return True
        return any(p.norm in ("password", "pwd") and p.value for p in self.params)

    @property
    def postgres_like(self) -> bool:
        return self.provider in ("postgresql", "cockroachdb")

    @property
    def pgbouncer(self) -> bool:
        return self.get("pgbouncer") == "true"

    @property
    def pooler(self) -> Pooler | None:
        return detect_pooler(self)

    @property
    def rds_proxy(self) -> bool:
        return bool(self.host and _RDS_PROXY.search(self.host))

    @property
    def local(self) -> bool:
        return local_service(self.host)

    @property
    def password_value(self) -> str | None:
        """The password, from the authority or a `password=`/`pwd=` parameter (SQL Server)."""
        if self.password:
            return self.password
        for p in self.params:
            if p.norm in ("password", "pwd") and p.value:
                return p.value
        return None

    @property
    def pooled(self) -> bool:
        """A PostgreSQL URL that goes through a transaction pooler, or says so with
        pgbouncer=true (PC302). `pgbouncer=true` on MySQL is an unknown parameter (PC305)."""
        if not self.postgres_like:
            return False
        p = self.pooler
        return self.pgbouncer or bool(p and (p.transaction_mode or p.kind == "prisma-postgres"))

    def redacted(self) -> str:
        return redact(self.raw)

    def connection_limit(self) -> int | None:
        key = "connectionlimit" if self.provider == "sqlserver" else "connection_limit"
        value = self.get(key)
        return int(value) if value is not None and value.isdigit() else None


_RDS_PROXY = re.compile(r"\.proxy-[a-z0-9]+\.[a-z0-9-]+\.rds\.amazonaws\.com(?:\.cn)?$")


@lru_cache(maxsize=4096)
def parse_url(text: str, provider: str | None = None) -> ConnectionUrl:
    """Read a connection string; `provider` (from the schema) overrides the scheme's guess,
    e.g. "cockroachdb" for a postgresql:// URL."""
    scheme = scheme_of(text)
    guessed = SCHEMES.get(scheme)
    if provider in ("postgres",):
        provider = "postgresql"
    if guessed == "accelerate":
        provider = "accelerate"
    elif provider not in SCHEMES.values() or guessed is None:
        provider = guessed
    if provider == "sqlserver" and ";" in text:
        return _parse_sqlserver(text, scheme)
    if provider == "sqlite":
        return _parse_file(text, scheme)
    return _parse_standard(text, scheme, provider)


def _host_port(hostport: str) -> tuple[str | None, int | None]:
    """`host:5432` -> ("host", 5432); `[::1]:5432`; a non-numeric port gives None."""
    if hostport.startswith("["):
        close = hostport.find("]")
        host = hostport[1:close] if close != -1 else hostport[1:]
        rest = hostport[close + 1:] if close != -1 else ""
        port_text = rest[1:] if rest.startswith(":") else ""
    else:
        host, colon, port_text = hostport.rpartition(":")
        if not colon:
            host, port_text = hostport, ""
    port = int(port_text) if port_text.isascii() and port_text.isdigit() and len(port_text) <= 5 else None
    if port is not None and port > 65535:
        port = None
    return (host.lower() or None), port


def _parse_standard(text: str, scheme: str, provider: str | None) -> ConnectionUrl:
    auth = split_authority(text)
    host = port = user = password = None
    after = 0
    if auth is not None:
        after = auth.end
        if auth.at == -1 and _cut_password(text, auth):
            # `postgresql://app:pa?ss` (a literal cut short inside the password): what looks
            # like a port, a path or a query is a password's rest; Prisma cannot read it either.
            return ConnectionUrl(text, scheme, provider)
        host, port = _host_port(text[auth.host_start:auth.end])
        if auth.at != -1:
            if auth.colon != -1:
                user = unquote(text[auth.start:auth.colon])
                password = unquote(text[auth.colon + 1:auth.at])
            else:
                user = unquote(text[auth.start:auth.at])
    else:
        m = _SCHEME.match(text, len(text) - len(text.lstrip()))
        after = m.end() if m else 0
    issues: list[QueryIssue] = []
    # The query starts at the first `?` after the host (never inside the userinfo).
    qpos = text.find("?", after)
    fragment = text.find("#", after)
    if fragment != -1 and qpos > fragment:
        qpos = -1
    path_end = min(i for i in (qpos, fragment, len(text)) if i != -1)
    path = text[after:path_end]
    database = unquote(path.lstrip("/")) if path else None
    params: tuple[Param, ...] = ()
    if qpos != -1:
        query_end = text.find("#", qpos)
        query = text[qpos + 1:query_end if query_end != -1 else len(text)]
        params, issues = _split_query(query, qpos + 1, "&")
        second = query.find("?")
        if second != -1:
            issues.append(QueryIssue("second-question-mark", qpos + 1 + second, qpos + 2 + second))
    elif "&" in path and "=" in path.split("&", 1)[1]:
        at = text.find("&", after)
        issues.append(QueryIssue("ampersand-without-question-mark", at, len(text)))
        database = unquote(path.lstrip("/").split("&", 1)[0])
    return ConnectionUrl(text, scheme, provider, host, port, user, password, database or None,
                         params, tuple(issues), qpos if qpos != -1 else None)


# More parameters than any real URL has: the rest is not read (PC306 says so, at info level),
# so a generated megabyte-long query costs no more than this many.
MAX_PARAMS = 1000


def _split_query(query: str, base: int, sep: str) -> tuple[tuple[Param, ...], list[QueryIssue]]:
    params: list[Param] = []
    issues: list[QueryIssue] = []
    pos = 0
    for piece in query.split(sep, MAX_PARAMS):
        start, end = base + pos, base + pos + len(piece)
        pos += len(piece) + len(sep)
        if len(params) + len(issues) >= MAX_PARAMS:
            issues.append(QueryIssue("too-many-parameters", start, base + len(query)))
            break
        if not piece.strip():
            continue
        key, eq, value = piece.partition("=")
        if not key.strip():
            issues.append(QueryIssue("empty-key", start, end))
            continue
        try:
            decoded = unquote(value.replace("+", " ") if sep == "&" else value)
        except Exception:  # pragma: no cover - unquote is lenient
            decoded = value
        params.append(Param(key.strip(), decoded.strip() if sep == ";" else decoded, start, end, bool(eq)))
    return tuple(params), issues


def _parse_sqlserver(text: str, scheme: str) -> ConnectionUrl:
    """`sqlserver://host[:port][;key=value]...`; `{...}` quotes a value containing `;`."""
    body_start = len(scheme) + 3 if text.lower().startswith(scheme + "://") else len(scheme) + 1
    head_end = text.find(";", body_start)
    head = text[body_start:head_end if head_end != -1 else len(text)]
    host, _, port_text = head.partition(":")
    host = host.split("\\", 1)[0] or None
    port = int(port_text) if port_text.isdigit() else None
    params: list[Param] = []
    issues: list[QueryIssue] = []
    i = head_end
    while i != -1 and i < len(text):
        start = i + 1
        # Find the end of this pair, honouring {braced} values.
        j = start
        while j < len(text) and text[j] != ";":
            if text[j] == "{":
                close = text.find("}", j)
                j = close + 1 if close != -1 else len(text)
                continue
            j += 1
        piece = text[start:j]
        if piece.strip():
            key, eq, value = piece.partition("=")
            value = value.strip()
            if value.startswith("{") and value.endswith("}"):
                value = value[1:-1].replace("}}", "}")
            if not key.strip():
                issues.append(QueryIssue("empty-key", start, j))
            else:
                params.append(Param(key.strip(), value, start, j, bool(eq)))
        i = j if j < len(text) else -1
    url = ConnectionUrl(text, scheme, "sqlserver", host.lower() if host else None, port,
                        params=tuple(params), issues=tuple(issues), query_start=head_end if head_end != -1 else None)
    user = url.get("user") or url.get("username") or url.get("uid") or url.get("userid")
    database = url.get("database") or url.get("initial catalog")
    return ConnectionUrl(url.raw, scheme, "sqlserver", url.host, port, user, None, database,
                         url.params, url.issues, url.query_start)


def _parse_file(text: str, scheme: str) -> ConnectionUrl:
    qpos = text.find("?")
    params: tuple[Param, ...] = ()
    issues: list[QueryIssue] = []
    if qpos != -1:
        params, issues = _split_query(text[qpos + 1:], qpos + 1, "&")
    path = text[len(scheme) + 1:qpos if qpos != -1 else len(text)]
    return ConnectionUrl(text, scheme, "sqlite", None, None, None, None, path or None, params,
                         tuple(issues), qpos if qpos != -1 else None)
