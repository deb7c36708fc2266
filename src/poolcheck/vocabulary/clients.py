"""The clients poolcheck knows, as data: Prisma's TS/JS client, pools and driver adapters,
and prisma-client-py; the calls only such a client makes. The front-ends recognise
clients with these tables and the prefilter and the Python gate derive their tokens from
them (vocabulary/prefilter.py), so a name added here is seen everywhere at once.

Client libraries as data: what each Prisma client API does that rules must say or
judge, keyed by `facts.ClientApi` (a str enum, so its value is the key here too).

Rules ask this table, never which language a file is in: a new client library is a new
row, not a new `if` in every rule.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ApiTraits:
    # `$connect()` / `$disconnect()` as written in a message: "$" in Prisma Client JS,
    # nothing in prisma-client-py (`db.connect()`).
    lifecycle_prefix: str
    # The client connects on its first query: an explicit connect per request only adds
    # latency (PC105 info). Without it, concurrent connects race to start the engine.
    connect_is_lazy: bool
    # A dev server re-evaluates the module on every change (Next, Vite, Nuxt...), so a
    # module-level client leaks a pool per reload (PC102). Python dev servers restart the
    # whole process instead.
    module_reloaded_by_dev_server: bool
    # The spelling of the transaction's maxWait option (PC203).
    max_wait_key: str
    # What constructing the client once per request costs (PC101).
    per_request_cost: str
    # The package ecosystem its code calls into (vocabulary.slow.SLOW_LIBRARIES, PC201).
    ecosystem: str

    def written(self, method: str) -> str:
        """`$disconnect()` / `disconnect()`."""
        return f"{self.lifecycle_prefix}{method}()"


CLIENT_APIS: dict[str, ApiTraits] = {
    # @prisma/client, its driver adapters and the pools handed to them
    "prisma-client-js": ApiTraits(
        lifecycle_prefix="$", connect_is_lazy=True, module_reloaded_by_dev_server=True,
        max_wait_key="maxWait", per_request_cost="every request opens a new pool", ecosystem="npm"),
    # prisma-client-py (`from prisma import Prisma`)
    "prisma-client-py": ApiTraits(
        lifecycle_prefix="", connect_is_lazy=False, module_reloaded_by_dev_server=False,
        max_wait_key="max_wait", per_request_cost="every request starts a query engine with its own pool",
        ecosystem="pypi"),
}


# -- TS/JS ------------------------------------------------------------------------------
# (frontends/ts_model.py keeps its own copies of the JS sets for now; tests/test_vocabulary
# pins them equal until its owner imports them from here.)
JS_CLIENT_MODULES = ("@prisma/client", ".prisma/client")
JS_CLIENT_CLASS = "PrismaClient"
JS_GENERATED_CLIENT_WORD = "prisma"           # `../generated/prisma`, `@/prisma/client`
JS_ADAPTER_MODULE_PREFIX = "@prisma/adapter-"


@dataclass(frozen=True)
class Adapter:
    """A Prisma driver adapter class (`new PrismaPg(...)`), with every spelling it has had."""

    class_name: str
    # Holds sockets to the database (a TCP driver): on Cloudflare Workers it cannot live at
    # module scope (PC107), and on serverless each instance's pool multiplies (PC303).
    # HTTP drivers (D1, PlanetScale, Neon's HTTP, libSQL) and SQLite files hold none.
    holds_sockets: bool
    # Takes a driver pool's options itself (`new PrismaPg({ connectionString, max })`):
    # PC310 asks for its size and timeout.
    pool_options: bool


JS_ADAPTERS: tuple[Adapter, ...] = (
    Adapter("PrismaPg", holds_sockets=True, pool_options=True),
    Adapter("PrismaNeon", holds_sockets=True, pool_options=True),
    Adapter("PrismaNeonHttp", holds_sockets=False, pool_options=False),
    Adapter("PrismaNeonHTTP", holds_sockets=False, pool_options=False),
    # The mariadb driver's pool times an acquire out by itself (acquireTimeout 10 s, with
    # connectionLimit 10): nothing for PC310 to ask.
    Adapter("PrismaMariaDb", holds_sockets=True, pool_options=False),
    Adapter("PrismaMssql", holds_sockets=True, pool_options=True),
    Adapter("PrismaPlanetScale", holds_sockets=False, pool_options=False),
    Adapter("PrismaLibSql", holds_sockets=False, pool_options=False),
    Adapter("PrismaLibSQL", holds_sockets=False, pool_options=False),
    Adapter("PrismaBetterSqlite3", holds_sockets=False, pool_options=False),
    Adapter("PrismaBetterSQLite3", holds_sockets=False, pool_options=False),
    Adapter("PrismaD1", holds_sockets=False, pool_options=False),
)
JS_ADAPTER_CLASSES = frozenset(a.class_name for a in JS_ADAPTERS)
JS_POOL_CLASSES = frozenset({"Pool"})
# Views the rules read.
SOCKETLESS_ADAPTERS = frozenset(a.class_name for a in JS_ADAPTERS if not a.holds_sockets)
POOL_OPTION_CLASSES = JS_POOL_CLASSES | {a.class_name for a in JS_ADAPTERS if a.pool_options}
# Pool options that bound how long a request waits for a connection (PC303, PC304, PC310).
POOL_TIMEOUT_OPTIONS = frozenset({"connectionTimeoutMillis", "acquireTimeout"})
JS_POOL_MODULES = frozenset({"pg", "pg-pool", "@neondatabase/serverless", "@vercel/postgres"})
JS_QUERY_METHODS = frozenset({
    "findMany", "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "create",
    "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert",
    "delete", "deleteMany", "count", "aggregate", "groupBy",
})
JS_RAW_METHODS = frozenset({"$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe",
                            "$runCommandRaw"})
# Query methods no other popular library spells the same way.
JS_DISTINCT_QUERY_METHODS = JS_QUERY_METHODS - {"create", "update", "delete", "count"}
JS_LIFECYCLE = {"$connect": "connect", "$disconnect": "disconnect", "$use": "use", "$on": "on"}
JS_TRANSACTION = "$transaction"
# A project's own transaction wrapper (`withTransaction(async (tx) => ...)`, `runInTx(fn)`,
# `PrismaTransaction.start(fn)`): a name segment of the callee says transaction, and the
# callback's first parameter is used as a Prisma client (or typed as one).
JS_TRANSACTION_WRAPPER = r"(?i)transaction|(?:^|with|run|exec|in|start|begin)tx$"
JS_TRANSACTION_CLIENT_TYPES = ("TransactionClient", "PrismaClient")
# nestjs-cls's transactional plugin (`@nestjs-cls/transactional`, with its Prisma adapter):
# a method decorated `@Transactional()` and `this.txHost.withTransaction(fn)` run as an
# interactive transaction, whose client is the host's `tx` (`this.txHost.tx.user.create`)
# or a field injected with `@InjectTransaction()`; an injected PrismaService queried
# directly runs outside it. The propagations that run the callback without a transaction
# (`Propagation.NotSupported`, `Never`, `Supports` when none is active) open none.
JS_CLS_TRANSACTIONAL = {
    "module": "@nestjs-cls/transactional",
    "decorator": "Transactional",
    "host": "TransactionHost",
    "host_methods": frozenset({"withTransaction"}),
    "host_tx": "tx",
    "inject_tx": "InjectTransaction",
    "inject_host": "InjectTransactionHost",
    "no_transaction": frozenset({"NotSupported", "Never", "Supports"}),
}
# Option keys of a client or pool constructor that hold a connection URL -> the role it has
JS_URL_OPTION_ROLES = {"datasourceUrl": "datasourceUrl", "connectionString": "connectionString",
                       "url": "url", "accelerateUrl": "accelerateUrl", "databaseUrl": "url"}
# Calls whose callback runs once however often the result is read: a client built inside
# is memoised (`singleton("db", () => new PrismaClient())`).
JS_MEMO_CALLS = frozenset({"singleton", "remember", "memoize", "memoise", "once", "cache", "lazy",
                           "memo", "useMemo"})

# -- prisma-client-py ---------------------------------------------------------------------
PY_CLIENT_QNAMES = frozenset({"prisma.Prisma", "prisma.Client", "prisma.client.Prisma",
                              "prisma.client.Client"})
PY_CLIENT_CLASSES = frozenset({"Prisma", "Client"})   # last segment of a client class's name


def py_client_class(qname: str) -> bool:
    """`prisma.Prisma`, `prisma.Client`, or `Prisma` exported by a custom generated package."""
    return qname in PY_CLIENT_QNAMES or qname.endswith(".Prisma") and "." in qname


PY_GET_CLIENT = "get_client"                           # prisma.get_client(): the registered client
PY_REGISTER = "register"                               # prisma.register(client)
PY_QUERY_ACTIONS = frozenset({
    "find_unique", "find_unique_or_raise", "find_first", "find_first_or_raise", "find_many",
    "create", "create_many", "create_many_and_return", "update", "update_many", "upsert",
    "delete", "delete_many", "count", "group_by",
})
PY_RAW_QUERIES = frozenset({"query_raw", "query_first", "execute_raw"})
PY_LIFECYCLE = ("connect", "disconnect")
PY_TRANSACTION = "tx"
PY_CONNECTED_CHECK = "is_connected"                    # `if not db.is_connected(): await db.connect()`
PY_FAN_OUT = "gather"                                  # `asyncio.gather(*[db.user.find_unique(...) ...])` (PC205)
# Calls only a client makes: the receiver is a client whatever its name.
PY_CLIENT_EVIDENCE = frozenset({PY_TRANSACTION, "batch_", PY_CONNECTED_CHECK, "is_registered"}) | PY_RAW_QUERIES
# Names the project's own modules export for the shared client.
PY_CLIENT_NAMES = frozenset({"db", "client", "database"})


def py_imported_client(module: str | None, relative: bool, name: str) -> bool:
    """`from ..db.prisma import prisma`, `from app.database import prisma_client`,
    `from app.prisma import db`: a name imported from the project whose spelling says it is
    the Prisma client (evidence for its `.connect()`/`.disconnect()`, where the file shows
    no other: the linker binds it to the construction). Lowercase, and "prisma" in its own
    name, or one of PY_CLIENT_NAMES from a module whose last segment says prisma. Never a
    name of the `prisma` package itself (`from prisma import register`)."""
    if not name[:1].islower() and not name[:1] == "_":
        return False
    if not relative and (module or "").split(".")[0] == "prisma":
        return False
    if "prisma" in name.lower():
        return True
    return name in PY_CLIENT_NAMES and "prisma" in (module or "").rsplit(".", 1)[-1].lower()
# Query keys that mark a string appended to an environment read as a database URL's query.
URL_QUERY_KEYS = ("connection_limit", "pool_timeout", "pgbouncer", "schema", "sslmode",
                  "connect_timeout", "socket_timeout", "statement_cache_size", "sslaccept")
