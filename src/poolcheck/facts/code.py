"""Facts about code: client constructions, lifecycle calls, transactions and the calls in their bodies, parse problems, traits, dev-server caches and NestJS providers."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.diagnostics import Related, Span
from .scope import ClientApi, OptionValue, Scope, UNKNOWN


@dataclass(frozen=True)
class ClientConstruction:
    """`new PrismaClient(...)`, `Prisma(...)`, or a pool/adapter behind a Prisma 7 client."""

    span: Span
    kind: str                      # "prisma" | "pool" | "adapter"
    class_name: str                # as imported: "PrismaClient", "Prisma", "Pool", "PrismaPg"
    scope: Scope
    binding: str | None = None     # the name it is assigned to, if any
    memoised: bool = False         # cached in module/global state or a memoised factory
    # TS: the cache is a module variable (`if (!db) db = new PrismaClient()`), which a dev
    # server's module reload empties with the module (PC102); globalThis survives it
    module_variable_cache: bool = False
    in_loop: bool = False          # inside a loop or comprehension
    # The linker: not in a loop itself, but in a function a loop calls once per iteration
    # (in any module); the chain from the loop's call down to this function.
    loop_via: tuple[Related, ...] = ()
    context_manager: bool = False  # Python `async with Prisma() as db:`
    accelerate: bool = False       # accelerateUrl / prisma:// URL: the pool lives server-side
    # TS: only in a branch that runs outside production (`else` of NODE_ENV === "production"),
    # which a deployment never runs (PC303)
    dev_only: bool = False
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
    # A project wrapper's transaction (`withTx(fn, { timeout })`): the wrapper's own
    # `$transaction` call its options reach, as the linker found it
    via: tuple[Related, ...] = ()
    # `{ timeout: TX_TIMEOUT }` with TX_TIMEOUT imported: ("timeout" | "maxWait", the local
    # name, the value's span), for the linker to read from the module that defines it
    option_refs: tuple[tuple[str, str, Span], ...] = ()


@dataclass(frozen=True)
class PendingTransaction:
    """A call that hands an inline function to the project's own code, where that function
    reads as an interactive transaction's body (its first parameter is queried as a Prisma
    client: `runAtomic(async (tx) => { await tx.order.create(...) })`) but the callee's
    name does not say transaction. Whether it is one is decided by what the callee does,
    which only the linker sees: when the function the call binds to hands argument
    `argument` to `$transaction` (itself or through another function), or, for Python's
    `async with in_tx() as tx:` (`argument` None), returns or yields a `db.tx()`, `facts` (the
    `Transaction` and the `TransactionCall`s of its body, as the front-end read them)
    become the file's; otherwise they stay here, where no rule reads them."""

    span: Span                     # the call (the Transaction's span)
    argument: int | None           # which argument is the body; None: the call's result
    facts: tuple = ()              # (Transaction, TransactionCall, ...)


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


# Trait names more than one front-end or rule module uses.
STANDALONE_SCRIPT = "standalone-script"       # shaped like a script: helpers.scripts decides
CLIENT_MODULE_EXPORTS = "client-module-exports"   # a TS/JS module that builds a client and exports


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
    """A class extending PrismaClient, or building one per instance (`wraps`): NestJS
    constructs one client per providing module."""

    span: Span
    class_name: str
    # Every `super(...)` hands the client a driver adapter over one module-level pool
    # (`super({ adapter: new PrismaPg(pool) })`, `pool` a module's `new Pool(...)`): the
    # instances are several client objects on one pool, no extra connections (PC103).
    shares_pool: bool = False
    # It does not extend the client but builds one in its constructor or a field
    # (`this.client = new PrismaClient()`): what PC103's message calls it.
    wraps: bool = False


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
