"""The URL parameters each Prisma engine reads (and the drivers' own), and the checks on
them: unknown, misplaced, mistyped and repeated parameters (PC305, PC306), pool
parameters (PC309)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from .model import ConnectionUrl, Param


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


def appended_query(text: str) -> str:
    """A query that code appends to a URL, read as a query: `&k=v` is the query's next
    parameters, `?k=v` (same length, so exact spans stay exact)."""
    return "?" + text[1:] if text.startswith("&") else text
