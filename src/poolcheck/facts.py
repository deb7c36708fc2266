"""Language-neutral facts: what front-ends find and rules consume.

A front-end knows one syntax, a rule knows one mistake. Front-ends (Python, TS/JS and
the code embedded in .vue/.svelte/.astro/.md, schema.prisma, .env, deployment files)
turn a file into a `FileFacts`; rules read only these types, so one rule serves every
language. Facts are plain frozen dataclasses so they pickle (cache, worker processes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Iterator, Protocol, TypeVar, Union

from .core.diagnostics import Related, Span


class ScopeKind(str, Enum):
    """How often the code around a fact runs. See shared/design/handlers.md."""

    MODULE = "module"              # top level: once per process
    REQUEST = "request"            # per request / invocation / message (handlers, middleware,
                                   # resolvers, context factories, dependencies, jobs)
    EDGE_REQUEST = "edge_request"  # per request on an edge runtime (Cloudflare Workers):
                                   # a per-request client is the documented pattern there
    STARTUP = "startup"            # process-scope hooks: lifespan, onModuleInit, register()
    TEARDOWN = "teardown"          # afterAll, onModuleDestroy, shutdown events, fixture teardown
    SCRIPT = "script"              # runs once and exits: seeds, CLIs, main()
    TEST = "test"                  # test files, fixtures, beforeAll/afterEach
    FACTORY = "factory"            # memoised singleton factory (functools.cache, ??=, ...)
    FUNCTION = "function"          # any other function: callers unknown


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    framework: str | None = None   # "nextjs-app", "express", "fastapi", "lambda", ...
    name: str | None = None        # the handler's name, e.g. "GET" or "list_users"
    span: Span | None = None       # where the handler is defined
    # When a function inherits request scope because a handler in the same file calls it,
    # the chain of call sites from the handler down to the function (for related locations),
    # and that function's name; `name` and `span` stay the handler's.
    via: tuple[Related, ...] = ()
    callee: str | None = None
    # The file of `span` when it is not the file of the fact (the linker: a handler in
    # another module reaches this code); None = the same file.
    origin: Path | None = None

    @property
    def per_request(self) -> bool:
        return self.kind in (ScopeKind.REQUEST, ScopeKind.EDGE_REQUEST)


MODULE_SCOPE = Scope(ScopeKind.MODULE)


class ClientApi(str, Enum):
    """Which client library a construction, a lifecycle call or a transaction belongs to.
    What differs between them (spellings, lazy connect, dev-server reloads) is data in
    vocabulary/clients.py `CLIENT_APIS`, keyed by these values: rules never ask a file's
    language."""

    JS = "prisma-client-js"        # @prisma/client, its driver adapters and their pools
    PY = "prisma-client-py"        # `from prisma import Prisma`

# A literal option value taken from source, or UNKNOWN when it is not a literal.
class _Unknown:
    _instance = None

    def __new__(cls):  # a pickle-safe singleton
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self):
        return (_Unknown, ())


UNKNOWN = _Unknown()
OptionValue = Union[str, int, float, bool, None, _Unknown]


@dataclass(frozen=True)
class ClientConstruction:
    """`new PrismaClient(...)`, `Prisma(...)`, or a pool/adapter behind a Prisma 7 client."""

    span: Span
    kind: str                      # "prisma" | "pool" | "adapter"
    class_name: str                # as imported: "PrismaClient", "Prisma", "Pool", "PrismaPg"
    scope: Scope
    binding: str | None = None     # the name it is assigned to, if any
    memoised: bool = False         # cached in module/global state or a memoised factory
    in_loop: bool = False          # inside a loop or comprehension
    context_manager: bool = False  # Python `async with Prisma() as db:`
    accelerate: bool = False       # accelerateUrl / prisma:// URL: the pool lives server-side
    # Python: kept in per-request storage ("g": flask/quart `g`, one request long)
    per_request_store: str | None = None
    # Literal options, flattened with dots: {"max": 10, "transactionOptions.timeout": 20000,
    # "datasourceUrl": "postgresql://..."}; UNKNOWN where the value is not a literal.
    options: tuple[tuple[str, OptionValue], ...] = ()
    option_spans: tuple[tuple[str, Span], ...] = ()
    api: ClientApi = field(kw_only=True)

    def option(self, key: str, default: OptionValue = None) -> OptionValue:
        return dict(self.options).get(key, default)

    def has_option(self, key: str) -> bool:
        return any(k == key for k, _ in self.options)

    def option_span(self, key: str) -> Span | None:
        return dict(self.option_spans).get(key)

    @property
    def wraps_pool(self) -> bool:
        """`new PrismaPg(pool)`: an adapter handed a pool built elsewhere, which owns the
        sockets and carries the pool settings (findings about them sit on the pool)."""
        return self.kind == "adapter" and self.has_option("pool")


@dataclass(frozen=True)
class ClientCall:
    """A lifecycle call on a client: connect, disconnect, $use, $on."""

    span: Span
    method: str                    # "connect" | "disconnect" | "use" | "on" (normalised)
    receiver: str                  # the receiver's source text, e.g. "prisma" or "this.db"
    scope: Scope
    # True when the client outlives the current scope (module-level, imported, global,
    # injected); False for a client constructed in the same function.
    receiver_shared: bool = True
    guarded: bool = False          # inside `if not db.is_connected():` and the like
    in_finally: bool = False
    api: ClientApi = field(kw_only=True)


@dataclass(frozen=True)
class Transaction:
    """An interactive transaction: TS `x.$transaction(async (tx) => ...)`, Python `db.tx()`."""

    span: Span
    receiver: str
    scope: Scope
    timeout_ms: float | None = None
    timeout_span: Span | None = None
    max_wait_ms: float | None = None
    max_wait_span: Span | None = None
    api: ClientApi = field(kw_only=True)


@dataclass(frozen=True)
class TransactionCall:
    """A call inside an interactive transaction's body (or a same-file function it calls)."""

    span: Span
    callee: str                    # resolved dotted name: "fetch", "axios.post", "requests.get",
                                   # "stripe.charges.create", "tx.user.create", "sendWelcomeEmail"
    transaction_span: Span
    receiver_is_tx: bool = False   # the callback's/context manager's transaction client
    receiver_is_outer_client: bool = False  # the outer client or a module-level client
    is_query: bool = False         # a model query / raw query on a client
    # Awaited, returned, or collected into an awaited Promise.all; None where the front-end
    # cannot tell (the Python front-end does not judge it yet), never a false False/True.
    handled: bool | None = None
    via: tuple[Related, ...] = ()  # same-file functions between the body and the call
    # The transaction client is one of the call's arguments (`lockRows(tx, id)`): the
    # callee works through the transaction, whatever its name says.
    passes_tx: bool = False
    # The callee is the project's own code that this file cannot see into: an import from
    # a relative or alias path, a member of `this`/`self`. Its body decides whether it is
    # slow (the linker's job), never its name. None where the front-end cannot tell.
    callee_in_project: bool | None = None
    # The transaction waits for this call's result: awaited, returned, yielded. False for
    # a call whose value is used synchronously (a type guard in an `if`) or dropped.
    # None where the front-end cannot tell.
    awaited: bool | None = None
    api: ClientApi = field(kw_only=True)   # which ecosystem's slow libraries apply (PC201)


@dataclass(frozen=True)
class ParallelQueries:
    """`Promise.all(xs.map(async (x) => client.model.query(...)))` (PC205)."""

    span: Span
    scope: Scope
    collection: str


@dataclass(frozen=True)
class UrlLiteral:
    """A connection URL value with its exact location.

    origin: "code" (string literal in source), "schema" (schema.prisma url/directUrl),
    "env" (.env assignment), "config" (prisma.config.ts), "deploy" (compose, manifests).
    `role` says what the URL is for: "url", "directUrl", "shadowDatabaseUrl",
    "datasourceUrl", "connectionString", "DATABASE_URL" (the env variable name), ...
    The raw value holds secrets: never put it in a message; use poolcheck.urlmodel.redact.
    """

    span: Span
    value: str
    origin: str
    role: str | None = None
    env_var: str | None = None
    provider: str | None = None    # schema URLs: the datasource's provider (how to parse it)


@dataclass(frozen=True)
class UrlConcatenation:
    """A query string appended to a URL read from the environment (PC311)."""

    span: Span
    operator: str                  # "+", "template", "concat", "f-string", "%", "format"
    env_var: str | None = None
    appended: str = ""


@dataclass(frozen=True)
class UrlQueryInCode:
    """URL parameters appended in code to a connection URL read from the environment:
    `process.env.DATABASE_URL + "?connection_limit=1"`, a template literal or f-string,
    `url.searchParams.set(k, v)`, `parsed._replace(query=...)`. The URL rules read them as a
    query-only URL (rules.helpers.urls.appended_urls); PC311 reads the UrlConcatenation.

    `query` is the parameter text, starting with `?` (a leading `&` or a bare `k=v` is read
    as `?`): when `exact`, `span` covers exactly `len(query)` columns of one line and
    `query[i]` sits at column `span.col + i` (the character before a bare `k=v` stands for
    its `?`), so a parameter's own span can be pointed at and edited; otherwise `span` is
    the expression that writes the parameters."""

    span: Span
    query: str
    env_var: str | None = None
    exact: bool = False
    operator: str = "+"            # as UrlConcatenation, or "searchParams", "urllib"


@dataclass(frozen=True)
class ParseProblem:
    """Part of a file could not be parsed; becomes PC900. The run goes on.

    `skipped`: the file is valid but poolcheck could not analyse it (nested deeper than its
    passes go): an info-level note, not a syntax error."""

    span: Span
    message: str
    skipped: bool = False


@dataclass(frozen=True)
class Trait:
    """A file-level marker a project rule may need, by name: "cloudflare-worker",
    "use-server", "test-harness", "import" (detail: the specifier). Never a value encoded
    in `detail` for a rule to decode: that is a typed fact (GlobalCacheAccess, Nest*)."""

    name: str
    span: Span | None = None
    detail: str = ""


# Schema and env facts (frontends/prisma_schema.py, frontends/dotenv.py).

@dataclass(frozen=True)
class UrlSetting:
    """A datasource URL: a literal, `env("X")`, or something Prisma rejects (neither)."""

    role: str                  # "url" | "directUrl" | "shadowDatabaseUrl"
    span: Span                 # the value's span
    key_span: Span
    literal: str | None = None
    env_var: str | None = None


@dataclass(frozen=True)
class Datasource:
    name: str
    span: Span
    provider: str | None
    provider_span: Span | None
    urls: tuple[UrlSetting, ...] = ()

    def url(self, role: str = "url") -> UrlSetting | None:
        return next((u for u in self.urls if u.role == role), None)


@dataclass(frozen=True)
class SchemaFile:
    """What a schema.prisma says that rules read: its datasource blocks (Prisma allows one;
    the first is the one it uses)."""

    datasources: tuple[Datasource, ...] = ()

    @property
    def datasource(self) -> Datasource | None:
        return self.datasources[0] if self.datasources else None


@dataclass(frozen=True)
class ConfigValue:
    """A config value: a string literal (its span inside the quotes), `env("X")`,
    `process.env.X`, or something else (neither set)."""

    span: Span
    literal: str | None = None
    env_var: str | None = None
    # `process.env.A || process.env.B ?? "..."`: the variables tried after `env_var`, and
    # whether a non-environment default ends the chain.
    fallbacks: tuple[str, ...] = ()
    has_default: bool = False

    @property
    def env_vars(self) -> tuple[str, ...]:
        return ((self.env_var,) if self.env_var else ()) + self.fallbacks


@dataclass(frozen=True)
class PrismaConfig:
    """What prisma.config.ts sets that rules read (frontends/prisma_config.py)."""

    path: Path
    schema: ConfigValue | None = None
    datasource_url: ConfigValue | None = None
    direct_url: ConfigValue | None = None
    shadow_database_url: ConfigValue | None = None
    seed: ConfigValue | None = None
    has_adapter: bool = False  # `adapter:` / `engine: "js"` / `experimental.adapter`


@dataclass(frozen=True)
class EnvWarning:
    """An env-file line the project's reader takes differently from what it says (PC306
    for a URL)."""

    span: Span
    key: str
    message: str
    url_related: bool = False  # the value is (or would be) a connection URL


@dataclass(frozen=True)
class GlobalCacheAccess:
    """`globalThis.prisma` (or `global.x`, a name bound to `globalThis as ...`) read or
    written: the dev-server cache of a module-level client (PC102). `x ??= ...` and the
    like both read and write."""

    span: Span
    prop: str
    read: bool
    write: bool
    production_only: bool = False  # written only when NODE_ENV is "production"


@dataclass(frozen=True)
class NestPrismaService:
    """A class extending PrismaClient: NestJS constructs one client per providing module."""

    span: Span
    class_name: str


@dataclass(frozen=True)
class NestProvider:
    """One entry of `@Module({ providers: [...] })` (a class name, or useClass/provide)."""

    span: Span
    class_name: str


@dataclass(frozen=True)
class NestRequestScoped:
    """`@Injectable({ scope: Scope.REQUEST })` on a class, or `{ provide, scope:
    Scope.REQUEST }` in providers: NestJS builds a new instance per request."""

    span: Span
    class_name: str


Fact = Union[
    ClientConstruction, ClientCall, Transaction, TransactionCall, ParallelQueries,
    UrlLiteral, UrlConcatenation, UrlQueryInCode, ParseProblem, Trait, GlobalCacheAccess, NestPrismaService,
    NestProvider, NestRequestScoped, EnvWarning,
]
F = TypeVar("F")


@dataclass
class FileFacts:
    """Everything a front-end learned about one file."""

    path: Path
    language: str                  # "typescript", "javascript", "python", "prisma", "dotenv", ...
    facts: list = field(default_factory=list)
    # Front-ends may attach a structured model for the project loader (a parsed schema,
    # env entries, a deployment manifest); keyed by a short name. Rules never read it:
    # what they need is a typed field or fact (schema, EnvWarning, ...).
    models: dict = field(default_factory=dict)
    schema: SchemaFile | None = None  # schema.prisma files
    prisma_config: PrismaConfig | None = None  # prisma.config.ts files
    # The file's symbols for the linker (`poolcheck.symbols.ModuleSymbols`), None when not
    # computed; and, for a file that was not parsed, the import specifiers a byte scan
    # found (the approximate import graph that decides which files the link needs).
    symbols: object = None
    import_specs: tuple[str, ...] | None = None
    # ... and the names it imports from each: (specifier, name), "*" for a whole module
    import_names: tuple[tuple[str, str], ...] | None = None

    def add(self, fact) -> None:
        self.facts.append(fact)

    def of(self, kind: type[F]) -> Iterator[F]:
        return (f for f in self.facts if isinstance(f, kind))

    def traits(self) -> set[str]:
        return {f.name for f in self.facts if isinstance(f, Trait)}


# Project facts: deployment files and package manifests (frontends/deploy.py).

@dataclass(frozen=True)
class DeploymentTarget:
    """A deployment file or folder: where the project runs.

    platform: "vercel", "netlify", "serverless-framework", "aws-sam", "sst",
    "cloudflare-workers", "docker", "docker-compose", "kubernetes".
    """

    platform: str
    span: Span
    serverless: bool
    detail: str = ""


@dataclass(frozen=True)
class Workload:
    """Something that runs copies of a program: a compose service, a Kubernetes
    Deployment/StatefulSet, a Lambda function. `env` holds literal environment values
    (raw: may hold secrets, never print them); `env_refs` names variables set from
    secrets, files or interpolation, whose value is not in the manifest."""

    name: str
    span: Span
    platform: str                  # "docker-compose" | "kubernetes" | "aws-lambda"
    kind: str                      # "service" | "Deployment" | "StatefulSet" | "function"
    role: str = "app"              # "app" | "database" | "pooler"
    replicas: int | None = None    # None: not stated (1 for compose/k8s)
    replicas_span: Span | None = None
    replicas_source: str = ""      # "deploy.replicas", "replicas", "reservedConcurrency", ...
    cpus: float | None = None
    image: str | None = None
    env: tuple[tuple[str, str, Span], ...] = ()
    env_refs: tuple[str, ...] = ()
    # For functions: the handler's module, relative to the manifest's folder and without
    # its extension ("handlers/users" for `handler: handlers/users.handler`).
    entry: str = ""

    def env_value(self, name: str) -> str | None:
        for key, value, _ in self.env:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class Autoscaler:
    """A Kubernetes HorizontalPodAutoscaler: the most replicas a workload can reach."""

    span: Span
    target_kind: str
    target_name: str
    max_replicas: int
    max_span: Span


@dataclass(frozen=True)
class MaxConnections:
    """The database's max_connections: compose `postgres -c max_connections=N`, a
    postgresql.conf line, a Kubernetes container arg."""

    value: int
    span: Span
    source: str


@dataclass(frozen=True)
class PoolerSetting:
    """One PgBouncer setting (pgbouncer.ini, or PGBOUNCER_* / POOL_MODE env of a
    pgbouncer image). key is the pgbouncer.ini name, lower case: "pool_mode",
    "default_pool_size", "reserve_pool_size", "max_db_connections", ..."""

    key: str
    value: str
    span: Span
    section: str = "pgbouncer"
    source: str = "pgbouncer.ini"


@dataclass(frozen=True)
class PackageInfo:
    """What package.json / pyproject.toml say: dependencies with their version specs,
    and the scripts (npm) by name."""

    span: Span
    dependencies: tuple[tuple[str, str], ...] = ()
    scripts: tuple[tuple[str, str], ...] = ()

    def version_of(self, name: str) -> str | None:
        return dict(self.dependencies).get(name)


# What rules see of the settings and of the project: Protocols, so that rules type against
# facts and never import the config loader or the project loader (tests/test_layering.py).
# `config.Settings` and `project.ProjectContext` implement them.

class SettingsView(Protocol):
    def option(self, key: str): ...


class PackageView(Protocol):
    """The package a file belongs to, as file rules read it (project.packages.FilePackage,
    computed on first use by the engine: rules never read package.json or lockfiles)."""

    @property
    def engine_reads_url_params(self) -> bool: ...  # Prisma's engine reads ?pgbouncer=, ?connection_limit=


class ProjectView(Protocol):
    """One project root as project rules read it (project.ProjectContext, lazily)."""

    root: Path
    files: list[FileFacts]
    workspace: list[FileFacts]           # every file of the run (monorepo neighbours)

    def option(self, key: str): ...
    def facts_of(self, kind: type[F]) -> Iterator[tuple[FileFacts, F]]: ...

    prisma_version: int | None           # the major version
    uses_adapter: bool
    is_python_client: bool
    client_kind: str | None              # "driver-adapter" | ...
    hot_reload: str | None               # the dev server that re-evaluates modules
    serverless: DeploymentTarget | None
    serverless_path: Path | None
    workers: bool
    urls: list[tuple[Path, UrlLiteral]]
    schema_env_vars: dict[str, str]
    workloads: list[tuple[Path, Workload]]
    autoscalers: list[tuple[Path, Autoscaler]]
    max_connections: tuple[int, Path | None, Span | None, str] | None
    pooler_settings: list[tuple[Path, PoolerSetting]]
    has_env_files: bool
    env_names: set[str]                  # every name an env file of the project defines

    def resolve_env(self, name: str, near: Path | None = None): ...  # -> .name .value .path .span, or None

    prisma_config: PrismaConfig | None   # the root's prisma.config.ts, as its front-end read it
