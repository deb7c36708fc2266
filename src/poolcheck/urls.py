"""The connection-URL model: providers, the parameters each engine knows, poolers, redaction.

`parse_url(text)` reads a connection string the way Prisma's engines (quaint) do:
`postgresql://` / `postgres://`, `mysql://`, `sqlserver://host:port;key=value;...` (keys
case-insensitive), `file:` (SQLite), `mongodb://` / `mongodb+srv://`, and the Accelerate
forms `prisma://` and `prisma+postgres://`. It never raises: a value it cannot read gives
a `ConnectionUrl` with `provider=None`.

`redact(text)` is the only way a URL may appear in a message: `user:***@host`, and the
values of `password`, `api_key`, tokens and the like masked, also in malformed URLs.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence
from urllib.parse import unquote

# ---------------------------------------------------------------------------- providers
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
SQL_PROVIDERS = ("postgresql", "cockroachdb", "mysql", "sqlserver", "sqlite")


@dataclass(frozen=True)
class ParamSpec:
    name: str
    type: str                   # "int" | "bool" | "str" | "enum"
    default: object = None      # a value, or a description such as "physical CPUs x 2 + 1"
    choices: tuple[str, ...] = ()
    pool: bool = False          # a pool setting that adapters and Accelerate ignore (PC309)
    min: int | None = None


def _specs(*specs: ParamSpec) -> dict[str, ParamSpec]:
    return {s.name: s for s in specs}


def default_connection_limit(cpus: int | None = None) -> int:
    """Prisma's default pool size: physical CPUs x 2 + 1 (os.cpu_count() counts logical CPUs;
    we halve it when hyper-threading is likely, as Prisma's num_cpus::get_physical() would)."""
    if cpus is None:
        logical = os.cpu_count() or 1
        cpus = max(1, logical // 2) if logical > 1 else 1
    return cpus * 2 + 1


_POOL_COMMON = (
    ParamSpec("connection_limit", "int", "physical CPUs x 2 + 1", pool=True, min=1),
    ParamSpec("pool_timeout", "int", 10, pool=True, min=0),
    ParamSpec("connect_timeout", "int", 5, pool=True, min=0),
    ParamSpec("socket_timeout", "int", None, pool=True, min=0),
    ParamSpec("max_connection_lifetime", "int", None, pool=True, min=0),
    ParamSpec("max_idle_connection_lifetime", "int", 300, pool=True, min=0),
)
_TLS = (
    ParamSpec("sslcert", "str"), ParamSpec("sslidentity", "str"), ParamSpec("sslpassword", "str"),
    ParamSpec("sslaccept", "enum", "accept_invalid_certs", ("strict", "accept_invalid_certs")),
)

# What Prisma's engines read, per provider.
ENGINE_PARAMS: dict[str, dict[str, ParamSpec]] = {
    "postgresql": _specs(
        *_POOL_COMMON, *_TLS,
        ParamSpec("schema", "str", "public"),
        ParamSpec("pgbouncer", "bool", False, pool=True),
        ParamSpec("statement_cache_size", "int", 100, pool=True, min=0),
        ParamSpec("sslmode", "enum", "prefer", ("disable", "prefer", "require", "verify-ca", "verify-full", "allow")),
        ParamSpec("sslrootcert", "str"),
        ParamSpec("host", "str"),
        ParamSpec("application_name", "str"),
        ParamSpec("channel_binding", "enum", "prefer", ("disable", "prefer", "require")),
        ParamSpec("options", "str"),
    ),
    "mysql": _specs(
        *_POOL_COMMON, *_TLS,
        ParamSpec("statement_cache_size", "int", 100, pool=True, min=0),
        ParamSpec("socket", "str"),
        ParamSpec("sslrootcert", "str"),
    ),
    "sqlserver": _specs(  # keys compared case-insensitively
        ParamSpec("database", "str"), ParamSpec("initial catalog", "str"),
        ParamSpec("user", "str"), ParamSpec("username", "str"), ParamSpec("uid", "str"),
        ParamSpec("userid", "str"), ParamSpec("password", "str"), ParamSpec("pwd", "str"),
        ParamSpec("encrypt", "enum", "true", ("true", "false", "danger_plaintext")),
        ParamSpec("integratedsecurity", "str"),
        ParamSpec("trustservercertificate", "bool", False),
        ParamSpec("trustservercertificateca", "str"),
        ParamSpec("connectionlimit", "int", "physical CPUs x 2 + 1", pool=True, min=1),
        ParamSpec("connecttimeout", "int", 5, pool=True, min=0),
        ParamSpec("pooltimeout", "int", 10, pool=True, min=0),
        ParamSpec("sockettimeout", "int", None, pool=True, min=0),
        ParamSpec("logintimeout", "int", None, min=0),
        ParamSpec("maxconnectionlifetime", "int", None, pool=True, min=0),
        ParamSpec("maxidleconnectionlifetime", "int", 300, pool=True, min=0),
        ParamSpec("isolationlevel", "str"),
        ParamSpec("schema", "str", "dbo"),
        ParamSpec("applicationname", "str"), ParamSpec("application name", "str"),
        ParamSpec("authentication", "str"),
        ParamSpec("multisubnetfailover", "bool", False),
    ),
    "sqlite": _specs(
        ParamSpec("connection_limit", "int", "physical CPUs x 2 + 1", pool=True, min=1),
        ParamSpec("socket_timeout", "int", None, pool=True, min=0),
        ParamSpec("max_connection_lifetime", "int", None, pool=True, min=0),
        ParamSpec("max_idle_connection_lifetime", "int", 300, pool=True, min=0),
    ),
    "accelerate": _specs(ParamSpec("api_key", "str")),
}
ENGINE_PARAMS["cockroachdb"] = ENGINE_PARAMS["postgresql"]

# Parameters the database driver itself understands (libpq, node-postgres, mysql2, the
# MongoDB URI options): Prisma passes or ignores them, but they are not typos.
DRIVER_PARAMS: dict[str, frozenset[str]] = {
    "postgresql": frozenset({
        "sslkey", "sslcrl", "sslcompression", "sslsni", "sslnegotiation", "ssl", "requiressl",
        "fallback_application_name", "client_encoding", "target_session_attrs", "keepalives",
        "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
        "gssencmode", "krbsrvname", "service", "passfile", "hostaddr", "dbname", "user",
        "password", "port", "replication", "load_balance_hosts", "require_auth",
        "min_protocol_version", "max_protocol_version", "uselibpqcompat", "search_path",
    }),
    "mysql": frozenset({"ssl", "sslmode", "ssl-mode", "charset", "timezone", "allowpublickeyretrieval",
                        "connectionlimit", "sslca"}),
    "mongodb": frozenset(k.lower() for k in (
        "replicaSet", "authSource", "authMechanism", "authMechanismProperties", "tls", "ssl",
        "tlsCAFile", "tlsCertificateKeyFile", "tlsCertificateKeyFilePassword",
        "tlsAllowInvalidCertificates", "tlsAllowInvalidHostnames", "tlsInsecure", "retryWrites",
        "retryReads", "w", "wtimeoutMS", "journal", "readPreference", "readPreferenceTags",
        "readConcernLevel", "maxPoolSize", "minPoolSize", "maxIdleTimeMS", "maxConnecting",
        "waitQueueTimeoutMS", "connectTimeoutMS", "socketTimeoutMS", "serverSelectionTimeoutMS",
        "heartbeatFrequencyMS", "localThresholdMS", "appName", "compressors", "zlibCompressionLevel",
        "directConnection", "loadBalanced", "srvMaxHosts", "srvServiceName", "maxStalenessSeconds",
        "serverMonitoringMode", "timeoutMS", "uuidRepresentation", "serverSelectionTryOnce")),
}
DRIVER_PARAMS["cockroachdb"] = DRIVER_PARAMS["postgresql"]

# Spellings people reach for, mapped to what the engine reads (did-you-mean first choice).
ALIASES = {
    "connectionlimit": "connection_limit", "pooltimeout": "pool_timeout",
    "connecttimeout": "connect_timeout", "sockettimeout": "socket_timeout",
    "statementcachesize": "statement_cache_size", "maxidleconnectionlifetime": "max_idle_connection_lifetime",
    "maxconnectionlifetime": "max_connection_lifetime", "poolsize": "connection_limit",
    "pool_size": "connection_limit", "max_connections": "connection_limit", "maxconnections": "connection_limit",
    "connection_timeout": "connect_timeout", "timeout": "connect_timeout", "pg_bouncer": "pgbouncer",
    "schemaname": "schema", "search_path": "schema",
}

# Pool parameters in the sense of PC309 (what adapters and Accelerate ignore).
POOL_PARAMS = ("connection_limit", "pool_timeout", "connect_timeout", "socket_timeout", "pgbouncer",
               "statement_cache_size", "max_idle_connection_lifetime", "max_connection_lifetime")

SECRET_KEYS = frozenset({"password", "pwd", "pass", "passwd", "api_key", "apikey", "token", "authtoken",
                         "auth_token", "access_token", "secret", "sslpassword", "key", "sig",
                         "signature", "x-amz-security-token", "tlscertificatekeyfilepassword"})

# PC307: what a credential nobody means to keep looks like. Templates, documentation,
# CLI help text and dev defaults hold these; a URL whose password is one of them, or that
# reaches a local development service, is not a leaked secret. Compared lower-case.
PLACEHOLDER_PASSWORDS = frozenset({
    "postgres", "postgresql", "password", "pass", "passwd", "pwd", "pw", "secret", "root", "toor",
    "mysql", "mariadb", "prisma", "admin", "administrator", "example", "changeme", "test",
    "tests", "testing", "dev", "devel", "development", "local", "docker", "sa", "mypassword",
    "johndoe", "randompassword", "yourpassword", "mysecretpassword", "123456", "1234",
    "12345", "12345678", "123456789", "qwerty", "letmein", "default", "guest", "user",
    "username", "demo", "sample", "dummy", "foo", "bar", "foobar", "baz", "abc", "abc123",
    "nopass", "nopassword", "none", "null", "empty", "x", "xxx", "password123!",
    "yourstrong@passw0rd", "yourstrong(!)password", "mongo", "mongodb", "redis", "app",
})
# Parts that make a password a template or a stand-in wherever they appear:
# `your-password`, `change_me_now`, `not-a-real-password`, `<redacted>`.
PLACEHOLDER_PARTS = ("password", "passwd", "passw0rd", "changeme", "change_me", "change-me",
                     "your", "placeholder", "example", "dummy", "redacted", "notreal", "not-a-real",
                     "not_a_real", "xxxx", "****", "replace_me", "replace-me", "replaceme")
# Words that make one only when the password is nothing but such words, digits and
# punctuation: `testpass`, `supersecret`, `postgres123`, `dev_db_pass` (not `Plant0Xq7Secret`).
PLACEHOLDER_WORDS = ("super", "top", "my", "the", "very", "some", "no", "not", "secret", "secrets",
                     "test", "tests", "testing", "pass", "pw", "pwd", "key", "sample", "fake", "demo",
                     "dev", "local", "admin", "root", "postgres", "postgresql", "pg", "mysql",
                     "mariadb", "docker", "prisma", "app", "user", "db", "database", "default",
                     "guest", "temp", "tmp", "foo", "bar", "baz", "qwerty", "abc", "mongo", "sql")
_LEET = str.maketrans("013457@$", "oieastas")
_WORDS_ONLY = re.compile("(?:" + "|".join(sorted(PLACEHOLDER_WORDS, key=len, reverse=True)) + ")+")
# Template syntax: `<password>`, `${DB_PASSWORD}`, `{{ .pass }}`, `$PGPASSWORD`, `%s`, `[pass]`.
_TEMPLATE = re.compile(r"^<.*>$|\$\{|\{\{|^\$[A-Za-z_(]|%[sd(]|^\[.*\]$|^_{2}.*_{2}$|^:")
# Hosts of documentation and templates: `your-host`, `host`, `db.example.com`, `x.invalid`.
TEMPLATE_HOSTS = frozenset({"host", "hostname", "server", "yourhost", "your-host", "your_host",
                            "dbhost", "db-host", "db_host", "database-host", "database_host",
                            "host.com", "domain.com", "mydomain.com", "yourdomain.com"})
TEMPLATE_HOST_PARTS = ("your", "example", "<", "${", "{{", "$")
TEMPLATE_TLDS = (".example", ".invalid", ".test", ".example.com", ".example.org", ".example.net")
# Local development services: loopback, Docker's host alias, and the service names
# compose files and quickstarts give the database (a compose file's own services count too).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "host.docker.internal",
                            "gateway.docker.internal"})
# Service names quickstarts and compose files give the database container. In a
# Kubernetes manifest the same names are in-cluster production services: not local there.
DEV_SERVICE_NAMES = frozenset({"db", "postgres", "postgresql", "pg", "mysql", "mariadb", "database",
                               "mongo", "mongodb", "sqlserver", "mssql"})
LOCAL_HOSTS = LOOPBACK_HOSTS | DEV_SERVICE_NAMES


def placeholder_password(password: str | None, user: str | None = None) -> bool:
    """A password that is a template or a well-known stand-in (PLACEHOLDER_PASSWORDS and
    PLACEHOLDER_PARTS, template syntax, one the user name repeats, or too short to be one)."""
    if not password:
        return True
    lower = password.strip().lower()
    if len(lower) < 4 or lower in PLACEHOLDER_PASSWORDS or _TEMPLATE.search(lower):
        return True
    if user and lower == user.strip().lower():
        return True
    if len(set(lower)) == 1:
        return True  # "aaaaaa", "******"
    for form in (lower, lower.translate(_LEET)):  # `P4ssw0rd`, `s3cret` too
        if any(part in form for part in PLACEHOLDER_PARTS):
            return True
        letters = "".join(c for c in form if c.isalpha())
        if letters and _WORDS_ONLY.fullmatch(letters):
            return True
    return False


def template_host(host: str | None) -> bool:
    """`host`, `your-host`, `db.example.com`, `<host>`: a host of documentation, not a server."""
    h = (host or "").strip().lower()
    if not h:
        return True
    return h in TEMPLATE_HOSTS or any(p in h for p in TEMPLATE_HOST_PARTS) or h.endswith(TEMPLATE_TLDS)


def local_service(host: str | None, services: frozenset[str] | set[str] = frozenset(),
                  dev_names: bool = True) -> bool:
    """Loopback, Docker's host alias, `*.localhost`, a usual database service name (unless
    `dev_names` is off: Kubernetes), or one of `services` (the services of the compose
    file that holds the URL)."""
    h = (host or "").strip().lower()
    return (h in LOOPBACK_HOSTS or dev_names and h in DEV_SERVICE_NAMES or h in {s.lower() for s in services}
            or h.endswith(".localhost") or h.startswith("127.") or h.endswith(".docker.internal"))


# ---------------------------------------------------------------------------- the model
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
class Pooler:
    kind: str                  # "supabase" | "neon" | "pgbouncer" | "prisma-postgres" | "port"
    transaction_mode: bool     # a transaction-mode pooler: sessions are shared between clients
    why: str                   # "host contains pooler.supabase.com and port 6543", ...
    # The pooler tracks protocol-level prepared statements (PgBouncer >= 1.21 with
    # max_prepared_statements): Prisma's named statements work without pgbouncer=true.
    prepared_statements: bool = False


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
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_SERVER_URL = re.compile(
    r"^(?:postgres(?:ql)?|mysql|mariadb|sqlserver|mongodb(?:\+srv)?|prisma(?:\+postgres)?|cockroachdb)://",
    re.IGNORECASE)
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


def scheme_of(text: str) -> str:
    m = _SCHEME.match(text.strip())
    return m.group(1).lower() if m else ""


def provider_of(text: str) -> str | None:
    return SCHEMES.get(scheme_of(text))


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


@dataclass(frozen=True)
class Authority:
    """Where `scheme://[userinfo@]host[:port]` sits in a URL's text (offsets into it).

    The userinfo ends at the LAST `@` after `//`, whatever the password holds (`?`, `/`,
    `#`, spaces, quotes): an unencoded delimiter in a password must never push part of it
    into the host, the path or the query, where it would be shown. The host runs from
    there to the first `/`, `?` or `#`."""

    start: int                 # just after `//`
    at: int                    # the `@` that ends the userinfo, or -1
    colon: int                 # the `:` between user and password (inside the userinfo), or -1
    host_start: int
    end: int                   # just after host[:port]: where the path or query starts

    @property
    def userinfo(self) -> tuple[int, int] | None:
        return (self.start, self.at) if self.at != -1 else None


def split_authority(text: str) -> Authority | None:
    """The authority of a `scheme://...` URL, or None when there is no `//` after the scheme."""
    lead = len(text) - len(text.lstrip())
    m = _SCHEME.match(text, lead)
    if m is None or not text.startswith("//", m.end()):
        return None
    start = m.end() + 2
    at = text.rfind("@", start)
    colon = -1
    if at != -1:
        colon = text.find(":", start, at)
        if not _user_shaped(text, start, colon if colon != -1 else at):
            at = colon = -1  # `https://example.com/a:b@c`, `//host/db?email=a@b`: no userinfo
    host_start = at + 1 if at != -1 else start
    end = len(text)
    for delimiter in "/?#":
        i = text.find(delimiter, host_start, end)
        if i != -1:
            end = i
    return Authority(start, at, colon, host_start, end)


def _cut_password(text: str, auth: Authority) -> bool:
    """No `@`, and what follows `host:` is no port (`postgresql://app:pa?ss`): a URL cut
    short inside its password, never read as host, port or query."""
    colon = text.find(":", auth.start, auth.end)
    if colon == -1 or text[auth.start:auth.start + 1] == "[":
        return False
    port = text[colon + 1:auth.end].split(";", 1)[0]  # SQL Server: host:1433;key=value
    return bool(port) and not port.isdigit() and "," not in port


def _user_shaped(text: str, start: int, end: int) -> bool:
    """A user name has no `/`, `?`, `#` or white space (a password may hold anything)."""
    return not any(c in "/?#" or c.isspace() for c in text[start:end])


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


# ---------------------------------------------------------------------------- checks
@dataclass(frozen=True)
class ParamProblem:
    kind: str                  # "unknown" | "other-provider" | "bad-type" | "zero-limit" | "duplicate"
    param: Param
    message: str
    suggestion: str | None = None


def _known(provider: str, key: str) -> ParamSpec | None:
    specs = ENGINE_PARAMS.get(provider, {})
    return specs.get(key.lower() if provider == "sqlserver" else key)


@lru_cache(maxsize=1024)
def suggest(provider: str, key: str) -> str | None:
    """did-you-mean for an unknown parameter on `provider`."""
    specs = ENGINE_PARAMS.get(provider, {})
    lowered = key.lower()
    squashed = lowered.replace("_", "").replace("-", "")
    if provider == "sqlserver":
        if squashed in specs:
            return _sqlserver_display(squashed)
        alias = ALIASES.get(squashed) or ALIASES.get(lowered)
        if alias and alias.replace("_", "") in specs:
            return _sqlserver_display(alias.replace("_", ""))
    else:
        for name in specs:
            if name.replace("_", "") == squashed:
                return name
        alias = ALIASES.get(lowered) or ALIASES.get(squashed)
        if alias and alias in specs:
            return alias
    close = difflib.get_close_matches(lowered, list(specs), n=1, cutoff=0.75)
    if close:
        return _sqlserver_display(close[0]) if provider == "sqlserver" else close[0]
    return None


_SQLSERVER_DISPLAY = {"connectionlimit": "connectionLimit", "connecttimeout": "connectTimeout",
                      "pooltimeout": "poolTimeout", "sockettimeout": "socketTimeout",
                      "trustservercertificate": "trustServerCertificate",
                      "integratedsecurity": "integratedSecurity", "isolationlevel": "isolationLevel"}


def _sqlserver_display(key: str) -> str:
    return _SQLSERVER_DISPLAY.get(key, key)


def _valid(spec: ParamSpec, value: str) -> bool:
    if spec.type == "int":
        return value.isdigit() or (value.startswith("+") and value[1:].isdigit())
    if spec.type == "bool":
        return value in ("true", "false")
    return True


_PLACEHOLDER = re.compile(r"^(?:<[^<>]*>|\{\{?[^{}]*\}?\}|\$\{[^{}]*\}|\[[^\[\]]*\]|%[A-Za-z_]+%)$")


def is_placeholder(text: str) -> bool:
    """`<options>`, `{{LIMIT}}`, `${LIMIT}`, `[params]`, `%VAR%`: a value to fill in, not one."""
    return bool(text) and bool(_PLACEHOLDER.match(text.strip()))


def check_params(url: ConnectionUrl) -> list[ParamProblem]:
    """Unknown, misplaced, mistyped and repeated parameters (PC305, PC306)."""
    provider = url.provider
    out: list[ParamProblem] = []
    if provider is None:
        return out
    seen: dict[str, Param] = {}
    for p in url.params:
        if is_placeholder(p.key) or is_placeholder(p.value):
            continue  # a template to fill in (`?<options>`, `connection_limit=${LIMIT}`)
        norm = p.norm if url.case_insensitive else p.key
        if norm in seen:
            out.append(ParamProblem("duplicate", p, f"`{p.key}` is given twice; the last value wins"))
        seen[norm] = p
        spec = _known(provider, p.key)
        if spec is None:
            if provider == "mongodb":
                if p.norm in DRIVER_PARAMS["mongodb"]:
                    continue
            elif p.norm in DRIVER_PARAMS.get(provider, ()):
                continue
            if provider == "accelerate":
                continue  # handled by PC309 (pool parameters) and left alone otherwise
            owner = _other_provider(provider, p.key)
            hint = suggest(provider, p.key)
            if owner and not hint:
                out.append(ParamProblem("other-provider", p,
                                        f"`{p.key}` is a {owner} parameter; {provider} ignores it"))
            else:
                out.append(ParamProblem("unknown", p, f"unknown {provider} URL parameter `{p.key}`", hint))
            continue
        if not p.has_equals and spec.type != "str":
            out.append(ParamProblem("bad-type", p, f"`{p.key}` has no value"))
            continue
        if not _valid(spec, p.value):
            if spec.type == "bool":
                what = "only `true` or `false` parse, and a bad value stops the client at startup"
            else:
                what = "it must be a whole number, and a bad value stops the client at startup"
            shown = p.value if len(p.value) <= 12 and p.value.isprintable() else "..."
            out.append(ParamProblem("bad-type", p, f"`{p.key}={shown}`: {what}"))
            continue
        if spec.min and spec.type == "int" and int(p.value) < spec.min:
            out.append(ParamProblem("zero-limit", p, f"`{p.key}={p.value}`: not \"unlimited\" but a pool with no connections, "
                                       f"which Prisma rejects; use {spec.min} or more"))
    return out


@lru_cache(maxsize=1024)
def _other_provider(provider: str, key: str) -> str | None:
    for other in ("postgresql", "mysql", "sqlserver", "sqlite"):
        if other != provider and other != ("postgresql" if provider == "cockroachdb" else None) \
                and _known(other, key) is not None:
            return "PostgreSQL" if other == "postgresql" else {"mysql": "MySQL", "sqlserver": "SQL Server",
                                                               "sqlite": "SQLite"}[other]
    return None


def pool_params(url: ConnectionUrl) -> list[Param]:
    """Pool parameters present in the URL (PC309)."""
    keys = set(POOL_PARAMS) | {"connectionlimit", "pooltimeout", "connecttimeout", "sockettimeout"}
    return [p for p in url.params if p.norm in keys]


# ---------------------------------------------------------------------------- redaction
_SECRET_WORDS = ("token", "secret", "password")


def is_secret_key(key: str) -> bool:
    """`password`, `pwd`, `api_key`, `sslpassword`, `...token`, `...secret`: a key whose value
    is a credential."""
    lowered = key.strip().lower()
    return lowered.replace("-", "_") in SECRET_KEYS or any(w in lowered for w in _SECRET_WORDS)


def redact(text: str) -> str:
    """`postgresql://user:***@host/db?api_key=***`: no password, token or key survives.

    The userinfo is found by the URL model (`split_authority`: it ends at the last `@`),
    so an unencoded `?`, `/`, `#`, space or quote in a password is masked with the rest
    of it; `key=value` pairs after it are masked when the key names a secret. Works on
    malformed URLs too (it masks more rather than less), in time linear in the text.
    """
    if not text:
        return text
    auth = split_authority(text)
    if auth is None:
        return _mask_pairs(text, 0)
    head = text[:auth.start]
    if auth.at != -1:
        if auth.colon != -1:
            head += text[auth.start:auth.colon] + ":***@"
        elif _looks_like_token(text[auth.start:auth.at]):
            head += "***@"
        else:
            head += text[auth.start:auth.at + 1]
    elif _cut_password(text, auth):
        # `postgresql://u:pa` with no `@` (a literal cut short by a quote or a newline in
        # the password): what follows the `:` is no port, so it may be a password.
        return head + text[auth.start:text.find(":", auth.start, auth.end)] + ":***"
    return head + _mask_pairs(text[auth.host_start:], 0)


_PIECE_END = re.compile(r"[&;]")
# Every word a secret key holds (SECRET_KEYS and _SECRET_WORDS): only pieces with one are looked at.
_SECRETISH = re.compile(r"(?i)pass|pwd|token|secret|key|sig")


def _mask_pairs(text: str, start: int) -> str:
    """`text` with the value of every `key=value` whose key names a secret replaced by `***`.

    Pairs are separated by `&` or `;` (SQL Server, with `{braced}` values); a key starts
    after the last `?` or `/` before its `=`. Only the pieces holding a secret-like word are
    examined, so a megabyte of harmless parameters costs one regex scan."""
    out: list[str] = []
    pos = start
    last_piece = -1
    for hit in _SECRETISH.finditer(text, start):
        h = hit.start()
        if h < pos:
            continue
        begin = max(text.rfind("&", start, h), text.rfind(";", start, h)) + 1
        begin = max(begin, start)
        if begin == last_piece:
            continue
        last_piece = begin
        stop = _PIECE_END.search(text, h)
        end = stop.start() if stop else len(text)
        eq = text.find("=", begin, end)
        if eq == -1:
            continue
        key = text[begin:eq]
        cut = max(key.rfind("?"), key.rfind("/"))
        if not is_secret_key(key[cut + 1:]):
            continue
        if text.startswith("{", eq + 1):  # {braced}: `;` inside belongs to the value
            close = text.find("}", eq + 1)
            stop = _PIECE_END.search(text, close + 1) if close != -1 else None
            end = stop.start() if stop else len(text)
        out.append(text[pos:eq + 1])
        out.append("***")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _looks_like_token(userinfo: str) -> bool:
    # A long opaque user part is an access token (GitHub-style or Prisma keys).
    return len(userinfo) >= 24 and not any(c in userinfo for c in ".@")


_SECRET_PAIR = re.compile(
    r"(?i)(?P<key>\b(?:password|pwd|passwd|sslpassword|api_?key|[a-z_]*token|[a-z_]*secret)\s*=\s*)"
    r"(?P<value>\{[^}]*\}|[^&;\s'\"`,)}]+)")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")


def redact_text(text: str) -> str:
    """Mask secrets in any text, such as a source line shown next to a finding (a second
    belt: `--format full` first masks the spans of the URLs the front-end found).

    For every `scheme://` the userinfo runs to the last `@` of the text after it (whatever
    it holds: spaces, quotes), as `redact` reads one URL; `password=`/`pwd=`/`api_key=`/
    `...token=` values are masked too. Linear in the text."""
    pieces: list[str] = []
    pos = 0
    find = text.find
    marker = find("://")
    while marker != -1:
        begin = marker
        while begin > pos and marker - begin < 40 and text[begin - 1] in _SCHEME_CHARS:
            begin -= 1
        if begin < marker and text[begin].isalpha():
            at = text.rfind("@", marker + 3)
            colon = find(":", marker + 3, at) if at != -1 else -1
            if at != -1 and not _user_shaped(text, marker + 3, colon if colon != -1 else at):
                at = colon = -1
            if at != -1 and colon != -1:
                pieces.append(text[pos:colon + 1] + "***")
                pos = at
            elif at != -1 and _looks_like_token(text[marker + 3:at].strip("'\"` ")):
                pieces.append(text[pos:marker + 3] + "***")
                pos = at
            if at != -1:
                marker = find("://", at)
                continue
        marker = find("://", marker + 3)
    pieces.append(text[pos:])
    return _SECRET_PAIR.sub(lambda m: f"{m.group('key')}***", "".join(pieces))


def redact_line(lines: Sequence[str], line: int, spans: Iterable) -> str:
    """Line `line` (1-based) of `lines` with the userinfo of every URL located by `spans`
    masked, then `redact_text` as a second belt.

    A span is where a front-end found a URL (a literal, a multi-line template literal, a
    `+` chain of literals, an env value): its source text is read from `lines`, and what
    lies between the `:` after the user and the last `@` of the span is masked, on every
    line it covers. Spans (1-based lines and columns, end exclusive) come from facts."""
    text = lines[line - 1]
    masked: list[tuple[int, int]] = []   # column ranges of `text` to hide (0-based, end excl.)
    for s in spans:
        if not (s.line <= line <= s.end_line) or s.end_line > len(lines):
            continue
        region = _span_text(lines, s)
        marker = region.find("://")
        at = region.rfind("@")
        if marker == -1 or at < marker:
            continue
        colon = region.find(":", marker + 3, at)
        first = colon + 1 if colon != -1 else marker + 3
        # Offsets in `region` -> (line, column) in the file.
        start_line, start_col = _offset_position(lines, s, first)
        end_line, end_col = _offset_position(lines, s, at)
        if start_line <= line <= end_line:
            lo = start_col if line == start_line else 0
            hi = end_col if line == end_line else len(text)
            if hi > lo:
                masked.append((lo, hi))
    for lo, hi in sorted(masked, reverse=True):
        text = text[:lo] + "***" + text[hi:]
    return redact_text(text)


def _span_text(lines: Sequence[str], s) -> str:
    if s.line == s.end_line:
        return lines[s.line - 1][s.col - 1:s.end_col - 1]
    parts = [lines[s.line - 1][s.col - 1:]]
    parts += lines[s.line:s.end_line - 1]
    parts.append(lines[s.end_line - 1][:s.end_col - 1])
    return "\n".join(parts)


def _offset_position(lines: Sequence[str], s, offset: int) -> tuple[int, int]:
    """(line, 0-based column) of character `offset` of a span's text (lines joined by \\n)."""
    line, col = s.line, s.col - 1
    while True:
        rest = len(lines[line - 1]) - col
        if offset <= rest or line >= s.end_line:
            return line, col + offset
        offset -= rest + 1
        line, col = line + 1, 0
