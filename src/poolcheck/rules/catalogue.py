"""The rule catalogue: every code poolcheck knows, implemented or planned.

Codes are stable once released; never reuse one. The long explanation of each rule is
its page under docs/rules/<CODE>.md (shipped in the wheel), which `--explain` prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.diagnostics import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class RuleSpec:
    code: str
    name: str
    severity: Severity
    default: bool              # runs without --select
    scope: str                 # "file" (also runs in flake8) or "project"
    summary: str               # one line, used by --list-rules and SARIF shortDescription
    fix: str                   # one line, used by --format full

    @property
    def skipped_roles(self) -> frozenset[str]:
        """File roles (discovery.path_role, rules.file_role) where the rule reports nothing."""
        return SKIPPED_ROLES.get(self.code, frozenset())

    @property
    def family(self) -> str:
        return self.code[:3]


def _r(code, name, severity, default, scope, summary, fix) -> RuleSpec:
    return RuleSpec(code, name, severity, default, scope, summary, fix)


SPECS: tuple[RuleSpec, ...] = (
    _r("PC101", "client-per-request", E, True, "file",
       "A Prisma client or pool is constructed per request",
       "Import one shared client from a module such as lib/db.ts"),
    _r("PC102", "missing-dev-singleton", W, True, "project",
       "A module-level client without a globalThis cache in a hot-reloading dev server",
       "Cache the client on globalThis outside production"),
    _r("PC103", "multiple-clients", W, True, "project",
       "More than one module constructs its own client for the same schema",
       "Construct the client in one module and import it everywhere"),
    _r("PC104", "disconnect-per-request", W, True, "file",
       "A shared client is disconnected in request scope",
       "Let the shared client live; disconnect only at process shutdown"),
    _r("PC105", "connect-per-request", W, True, "file",
       "A shared client is connected in request scope",
       "Connect once at startup (lifespan, onModuleInit), or guard with is_connected()"),
    _r("PC106", "client-in-loop", E, True, "file",
       "A client is constructed inside a loop or comprehension",
       "Use one client, or a bounded cache keyed by tenant"),
    _r("PC107", "module-client-on-workers", E, True, "project",
       "A socket-based client or pool at module scope on Cloudflare Workers",
       "Construct per request and ctx.waitUntil(prisma.$disconnect())"),
    _r("PC108", "client-setup-per-request", W, True, "file",
       "$use/$on registered on a client in request scope",
       "Register middleware and listeners once, where the client is created"),
    _r("PC201", "slow-call-in-transaction", W, True, "file",
       "A slow or external call inside an interactive transaction",
       "Do the slow work before or after the transaction"),
    _r("PC202", "outer-client-in-transaction", E, True, "file",
       "A query on the outer client inside an interactive transaction",
       "Use the transaction client passed to the callback"),
    _r("PC203", "long-transaction-timeout", W, True, "file",
       "An interactive transaction timeout or maxWait above the threshold",
       "Keep transactions short; move slow work out instead of raising the timeout"),
    _r("PC204", "unawaited-query-in-transaction", E, True, "file",
       "A query on the transaction client is not awaited",
       "Await the query or collect it into an awaited Promise.all"),
    _r("PC205", "unbounded-parallel-queries", I, False, "file",
       "Promise.all over a collection of unknown size runs one query per item",
       "Batch the queries (findMany with `in`) or bound the concurrency"),
    _r("PC301", "pooler-without-pgbouncer-flag", E, True, "file",
       "A transaction-mode pooler URL without pgbouncer=true",
       "Add pgbouncer=true, or use PgBouncer >= 1.21 with max_prepared_statements > 0"),
    _r("PC302", "pooler-without-direct-url", W, True, "project",
       "The datasource URL is pooled and there is no direct URL for migrations",
       "Add directUrl pointing at the database itself"),
    _r("PC303", "serverless-pool-unbounded", W, True, "project",
       "A serverless deployment with an unbounded or default pool size and no pooler",
       "Bound each instance's pool (connection_limit=1 in the URL, or max on a driver adapter's pool) or put a pooler in front"),
    _r("PC304", "pool-timeout-disabled", W, True, "file",
       "pool_timeout=0 or connectionTimeoutMillis: 0 makes requests queue forever",
       "Use a finite pool timeout so an exhausted pool fails fast"),
    _r("PC305", "unknown-url-parameter", E, True, "file",
       "A URL parameter the provider's engine does not know is silently ignored",
       "Fix the parameter's spelling or remove it"),
    _r("PC306", "malformed-url-query", E, True, "file",
       "A connection URL query that Prisma will misread or reject",
       "Write one ?, then key=value pairs joined by &, each value of its type (connection_limit >= 1, pgbouncer=true)"),
    _r("PC307", "hardcoded-credentials", E, True, "file",
       "A connection URL with a literal password outside .env files",
       "Read the URL from an environment variable"),
    _r("PC308", "undefined-env-var", I, True, "project",
       "env(\"X\") names a variable that no env file defines",
       "Define the variable in an env file, or fix its name"),
    _r("PC309", "url-params-ignored", W, True, "project",
       "Pool parameters in a URL that a driver adapter or Accelerate ignores",
       "Configure the driver's pool (max, connectionTimeoutMillis) instead"),
    _r("PC310", "adapter-pool-unconfigured", W, True, "file",
       "A driver adapter pool without max and without connectionTimeoutMillis",
       "Set max and connectionTimeoutMillis on the pool"),
    _r("PC311", "url-query-concatenation", W, True, "file",
       "A query string appended to a connection URL from the environment",
       "Use new URL(...).searchParams.set or urllib.parse"),
    _r("PC312", "rds-proxy", I, True, "file",
       "An RDS Proxy endpoint pins Prisma's connections",
       "Connect directly, or use a pooler that supports prepared statements"),
    _r("PC401", "connection-budget-exceeded", W, True, "project",
       "The deployment can open more connections than the database allows",
       "Lower connection_limit, the replica count, or raise max_connections"),
    _r("PC402", "pgbouncer-statement-mode", E, True, "file",
       "PgBouncer pool_mode = statement breaks Prisma's transactions",
       "Use pool_mode = transaction"),
    _r("PC403", "pooler-pool-exceeds-database", W, True, "project",
       "A PgBouncer pool larger than the database's max_connections",
       "Lower default_pool_size + reserve_pool_size below max_connections"),
    _r("PC900", "parse-error", E, True, "file",
       "A file poolcheck reads could not be parsed",
       "Fix the syntax error"),
    _r("PC901", "config-error", E, True, "project",
       "poolcheck's own configuration is invalid",
       "Fix the key or code named in the message"),
    _r("PC902", "unused-suppression", W, False, "project",
       "An inline suppression names a poolcheck code that has nothing to suppress",
       "Remove the code from the suppression comment (or the whole comment)"),
)

# Where each rule looks. Tests, fixtures and test harnesses never ship: their clients, URLs,
# pools and compose files are for the test run (fake credentials, deliberate malformed
# URLs, one-off pools). Scripts and seeds run once and exit: a client per run, its
# disconnect and a default-sized pool are right there, but their URLs and credentials
# are real ones. Transaction rules (PC2xx) and PC900 look everywhere: a transaction bug
# breaks a test too, and a file that does not parse is worth knowing wherever it is.
_TEST = frozenset({"test"})
_TEST_SCRIPT = frozenset({"test", "script"})
SKIPPED_ROLES: dict[str, frozenset[str]] = {
    "PC101": _TEST_SCRIPT, "PC102": _TEST_SCRIPT, "PC103": _TEST_SCRIPT, "PC104": _TEST_SCRIPT,
    "PC105": _TEST_SCRIPT, "PC106": _TEST, "PC107": _TEST_SCRIPT, "PC108": _TEST_SCRIPT,
    "PC301": _TEST, "PC302": _TEST, "PC303": _TEST_SCRIPT, "PC304": _TEST, "PC305": _TEST,
    "PC306": _TEST, "PC307": _TEST, "PC308": _TEST, "PC309": _TEST, "PC310": _TEST_SCRIPT,
    "PC311": _TEST, "PC312": _TEST, "PC401": _TEST, "PC402": _TEST, "PC403": _TEST,
}

# One root cause, one finding (architecture.md "Where a finding sits"): when both codes of
# a pair report the same span, the first survives and the second is dropped. Fixing the
# survivor fixes the other: importing the shared client (PC103) ends the reload leak
# (PC102); sizing the serverless pool (PC303) sizes the adapter pool (PC310); moving the
# URL to the environment (PC307) is where its ignored pool parameters (PC309) go too.
# `merge`: the survivor's message gets the dropped one's appended; otherwise the surviving
# rule says it itself (PC103 mentions the reload leak, PC303 the missing timeout).
@dataclass(frozen=True)
class Supersedes:
    survivor: str
    dropped: str
    merge: bool = False


SUPERSEDES: tuple[Supersedes, ...] = (
    Supersedes("PC103", "PC102"),
    Supersedes("PC303", "PC310"),
    Supersedes("PC307", "PC309", merge=True),
)

BY_CODE: dict[str, RuleSpec] = {spec.code: spec for spec in SPECS}
