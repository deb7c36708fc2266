"""Per-file symbol facts for whole-program analysis (the linker), one shape for every language.

A front-end fills a `ModuleSymbols` from one file and never looks at another: what the
file imports and exports, its functions and methods, the call sites in each (with how the
call names its callee, as far as the file knows), and each function's *local* effects
(what it does itself, not through its callees). The linker (`poolcheck.linker`) resolves
the imports, binds call sites to definitions and propagates scopes down and effects up
the call graph; rules read only the linked facts it derives (`LinkedScope`,
`LinkedTransactionCall` below), never the linker itself.

Frozen, picklable, cached with the file's facts (`FileFacts.symbols`). Where a front-end
cannot tell, a field is None ("not computed"), never a false False.

Moves to `facts/symbols.py` when `facts` becomes a package (issue 13).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .core.diagnostics import Related, Span
from .facts import ClientCall, ClientConstruction, ParallelQueries, PendingTransaction, Scope, ScopeKind, Transaction

# Python: f"{qualname}@{line}" (line of the function's name); TS/JS: f"{qualname}@{line}:{col}"
# of the function node's start. Unique within one file.
FunctionId = str


@dataclass(frozen=True)
class Import:
    """One bound name: `import { getDb as db } from "@/lib/db"` -> local "db", imported "getDb"."""

    local: str                 # the local name; "" for a side-effect import (`import "./x"`)
    specifier: str             # "./db" "@/lib/db" "@repo/db" "pg"; Python "app.db" ("" for `from . import x`)
    imported: str              # "default" | "*" (namespace / whole module) | the exported name
    level: int = 0             # Python relative level (0 = absolute); always 0 for JS
    how: str = "import"        # "import" | "require" | "dynamic" | "type" (type-only: never a value)
    span: Span | None = None


@dataclass(frozen=True)
class Export:
    """`export function f`, `export default x`, `export { a as b } from "./x"`, `export * from "./x"`."""

    name: str                  # the exported name; "default"; "*" for `export * from`
    local: str | None = None   # the local binding it exports (None for a re-export)
    source: str | None = None  # re-export specifier
    imported: str | None = None  # the name in `source` ("*" for `export *` / `export * as ns`)
    span: Span | None = None


@dataclass(frozen=True)
class CalleeRef:
    """How a call site names its callee.

    kind: "local"    a function of this file (target = its FunctionId)
          "name"     a module-level name of this file that is not a function here
                     (an object of functions, an instance, a class: target = the name)
          "import"   an imported name (target = the local import name), `path` = members after it
          "this"     `this.<field>.<method>` / Python `self.<field>.<method>` (target = field,
                     or "" for `this.method()`), path = the rest
          "external" a package import (axios.post, stripe.charges.create): `external` holds the
                     resolved dotted name the known-library lists are keyed by
          "returned" a method of what another call returns: `getClient().request()`,
                     `const stripe = stripeSDK(); stripe.charges.create()`; `call` is that
                     call's site span, which the linker binds and asks what it returns
                     (`external` keeps the front-end's own reading, if it had one)
          "closure"  a call on a parameter of an enclosing function (`client.note.create()` in a
                     method of the object `makeNoteService(client)` returns): target = that
                     function's id, path[0] = the parameter's position, the rest its members
          "unknown"  anything else (a parameter, a global)
    """

    kind: str
    target: str
    path: tuple[str, ...] = ()
    written: str = ""          # display text: "createCharge", "this.mail.send"
    external: str | None = None
    call: Span | None = None   # "returned": the span of the call site whose result is the receiver


@dataclass(frozen=True)
class Arg:
    """What an argument is, as far as the caller's file knows.

    kind: "param" (the caller's parameter `index`), "tx" (the transaction client of the
    enclosing interactive transaction), "outer-client" (a module-level / imported /
    injected client), "function" (a function of this file: `function`), "other"."""

    kind: str                  # ... "absent" (`undefined`, `null`: as if not passed), or
                               # "holder": an object whose member `name` is the enclosing
                               # transaction's own client (`ctx` of `ctx.db.$transaction`)
    index: int | None = None
    function: FunctionId | None = None
    name: str | None = None    # "outer-client", "other": the module-level name or import it is passed by (TS/JS)


@dataclass(frozen=True)
class Registration:
    """A value registered with a framework that the file cannot see into (an imported
    handler: `router.get("/x", handlers.list)`, `Depends(get_db)`), or a marker bound to a
    module-level name whatever it names (`DB = Depends(get_db)` beside `get_db`): the
    linker marks the function it resolves to with `scope`."""

    scope: Scope
    target: CalleeRef
    span: Span
    # The module-level name the marker is bound to, for parameters to take it by that name
    # (`DB = Depends(get_db)`, `DbDep = Annotated[Prisma, Depends(get_db)]`; `MarkerUse`);
    # on a registration the linker makes for such a use, the name it was taken through.
    alias: str | None = None


@dataclass(frozen=True)
class MarkerUse:
    """A parameter that takes a module-level dependency marker by its name (FastAPI:
    `db = DB`, `db: DbDep`, `db: Annotated[Prisma, DB]`): the linker registers the marker's
    dependency for `function` there, when `name` binds to a `Registration.alias`."""

    name: CalleeRef            # the name as the file knows it: an import or a module-level name
    function: FunctionId       # the function whose parameter it is
    span: Span                 # the default or the annotation that names it


@dataclass(frozen=True)
class CallSite:
    span: Span
    callee: CalleeRef
    args: tuple[Arg, ...] = ()
    awaited: bool | None = None    # awaited / returned / collected into an awaited Promise.all;
                                   # False for a fire-and-forget; None: cannot tell
    in_loop: bool = False          # a loop, comprehension or iterating callback (PC106's test)
    transaction: Span | None = None  # the interactive transaction whose body holds the call
    transaction_receiver: str | None = None  # that transaction's client, as written
    # The call has a query's shape on its callee's root (`db.user.create(...)`, `db.$queryRaw`):
    # a query on a shared client when the linker binds the root to one.
    query: bool = False
    # The call's result is kept in module or global state (`_pool ??= createPool()`): it
    # runs once per process, whoever calls the function around it.
    memoised: bool = False
    # The call runs only when the function's parameter `unless_param` is absent or falsy
    # (`tx ? tx.team.findUnique() : getTeam()`, `if (!tx) ...`, `tx ?? prisma`): a caller that
    # passes that argument never reaches it.
    unless_param: int | None = None
    # Python keyword arguments (`notify(user, db=tx)`): the linker places them by the callee's
    # parameter names
    keywords: tuple[tuple[str, "Arg"], ...] = ()
    # A call to the project's transaction wrapper (`withTransaction(fn, { timeout: 30000 })`):
    # the numeric `timeout`/`maxWait` of its object-literal arguments, (argument index, key,
    # milliseconds, span of the value). The linker keeps those the wrapper hands to
    # `$transaction` (`Effects.tx_options`), for PC203.
    options: tuple[tuple[int, str, float, Span], ...] = ()
    # Not a call of its own: the function runs a callback it holds while it works
    # (`new Promise((res) => ...)`, `items.map(async (x) => ...)`, `p.then((r) => ...)`), so
    # the callback's effects are the function's (`callee` is the callback, "local"; `span`
    # the callback's own, as no other site has it). The front-end's transaction walk reads such a
    # callback inside a body itself; the linker follows it everywhere else.
    runs_callback: bool = False


@dataclass(frozen=True)
class Effects:
    """What a function does itself, not through its callees."""

    constructs: tuple[Span, ...] = ()          # client constructions that are not memoised
    returns_fresh: bool = False                 # returns/yields a client it built in this call
    returns_calls: tuple[Span, ...] = ()        # `return getDb()`: spans of CallSites whose result it returns
    lifecycle: tuple[Span, ...] = ()            # its ClientCall spans on a shared client
    # (ClientCall span, span of the call whose result is the receiver): `const db = getDb();
    # db.$disconnect()` -- fresh, not shared, when the linker finds getDb builds per call
    lifecycle_from: tuple[tuple[Span, Span], ...] = ()
    outer_queries: tuple[Span, ...] = ()        # queries through a module-level/imported/injected client
    param_queries: tuple[tuple[int, Span], ...] = ()  # queries through parameter i (a helper handed `tx`)
    queries: bool = False                        # any query at all
    # What the function returns, for the linker to tell a package's client behind a factory
    # or a memoised getter (`return new Stripe(key)`, `if (!c) c = new JWT(); return c`):
    # the package-qualified class it builds and returns ("stripe", "google-auth-library.JWT"),
    # and the call sites whose result it returns through a name it holds it in
    # (`c = httpx.AsyncClient(); return c`; direct `return f()` is `returns_calls`).
    returns_package: str | None = None
    returns_held: tuple[Span, ...] = ()
    # The class of the project's it returns an instance of, as the file names it: `return new
    # Mailer()`, a singleton's `return Payments.instance` beside `Payments.instance = new
    # Payments()`, a getter of a module-level instance, a declared return type (`: Mailer`,
    # `: Promise<Mailer>`). The linker keeps it only when it binds to a class of the project,
    # so `getMailer().send()` is a call of `Mailer.send`.
    returns_class: CalleeRef | None = None
    # The client a class keeps in a static field that it returns, named "Class.field"
    # (`static getInstance() { return this.instance }` beside `private static instance = new
    # PrismaClient()`, `return (this.client ??= new PrismaClient())`): one client for the
    # process, which the linker binds `X.getInstance().user.findMany()` to in any module.
    returns_client: str | None = None
    # It returns a class whose instances are Prisma clients (`return class extends
    # PrismaClient {}`, `new Proxy(class {}, ...)` built around `prisma.$extends(ext)`):
    # a class extending its call (`class PrismaService extends extendedClient()`) is a client class.
    returns_client_class: bool = False
    # The methods of an object literal it returns, as (member name, function id in this
    # file): `return { createTransaction, refund: () => ... }` (TS), a factory handing out an
    # API object, so `const buzz = makeBuzz(); buzz.refund()` calls that method.
    returns_object: tuple[tuple[str, str], ...] = ()
    # The parameters it calls (`return await fn()`): what a caller hands it there runs
    # during the call (`withRetries(async () => fetch(url))`), so the linker follows the
    # function argument as the caller's own call.
    runs_params: tuple[int, ...] = ()
    # The parameters it builds the options of a `$transaction(fn, options)` call from
    # (`prisma.$transaction(fn, opts)`, `{ ...opts }`, `{ timeout: opts.timeout }`), in it
    # or in a function nested in it: a wrapper that forwards its callers' timeouts.
    tx_options: tuple[int, ...] = ()
    # The parameters it runs as the body of a `$transaction` it opens (`$transaction(fn)`,
    # `$transaction(async (tx) => fn(tx))`; Python `async with db.tx() as tx: await fn(tx)`):
    # a transaction wrapper by what it does, whatever its name.
    tx_body: tuple[int, ...] = ()
    # Python: it returns a transaction's context manager (`return db.tx()`) or is one (a
    # generator that yields inside `with db.tx() as tx:`): `with in_tx() as tx:` opens one.
    tx_context: bool = False
    # It returns the transaction client when given and the shared client otherwise, as
    # (that parameter's index, the shared client or its model): `getModel(tx) { return tx ?
    # tx.bill : this.prisma.bill }`; a query on its result runs on the shared client when
    # the caller passes no `tx` (linker.returns).
    returns_choice: tuple[int, CalleeRef] | None = None
    # Queries on a member of a parameter (`ctx.db.user.count()` of `assertAccess(ctx)`), as
    # (the parameter's index, the member, the query's span): a caller handing an object
    # whose member is the transaction's own client (`ctx` inside `ctx.db.$transaction`)
    # makes it a second connection (TS/JS).
    param_member_queries: tuple[tuple[int, str, Span], ...] = ()


@dataclass(frozen=True)
class Function:
    id: FunctionId
    name: str | None
    qualname: str              # "Svc.charge", "mailer.send", "handler", "<anonymous>"
    span: Span                 # the name (as Scope.span), or the function's first character
    kind: str                  # "function" | "arrow" | "method" | "object-method"
    body: Span | None = None   # the whole function, to place a file's facts in their function
    owner: str | None = None   # class name or object-literal name
    params: tuple[str, ...] = ()
    direct_scope: Scope | None = None  # the front-end's own mark; None = an ordinary function
    memoised: bool = False     # singleton(...)/cache(...)/functools.cache: process scope whoever calls
    parent: FunctionId | None = None  # enclosing function (closures inherit its scope)
    calls: tuple[CallSite, ...] = ()
    effects: Effects = Effects()
    exported_as: str | None = None  # unused by the linker; display only


@dataclass(frozen=True)
class ClassInfo:
    name: str
    span: Span
    methods: tuple[tuple[str, FunctionId], ...] = ()
    bases: tuple[CalleeRef, ...] = ()
    # NestJS-style constructor injection: (field, the type's reference)
    # `constructor(private readonly mail: MailService)` -> ("mail", CalleeRef("import", "MailService"))
    injections: tuple[tuple[str, CalleeRef], ...] = ()
    # Hand-wired injection: (field, constructor parameter position) of a field the
    # constructor stores its argument in (`constructor(repo) { this.repo = repo }`)
    param_fields: tuple[tuple[str, int], ...] = ()
    # The interfaces it implements, by name (`class PointRepository implements
    # IPointRepository`): a field typed by an interface only one class implements is that class
    implements: tuple[str, ...] = ()
    # What the constructor's `super(...)` hands the base's constructor, by position: a
    # module-level name or import (`super(prisma)`), CalleeRef("param", "<i>") for its own
    # parameter i passed on (`super(client)`), None for anything else (TS/JS)
    super_args: tuple[CalleeRef | None, ...] = ()
    # The constructor's parameters whose default names a module-level name or import
    # (`constructor(client: PrismaClient = prisma)`, `def __init__(self, db=db)`): what a
    # construction leaving them out hands the fields it stores them in
    param_defaults: tuple[tuple[int, CalleeRef], ...] = ()


@dataclass(frozen=True)
class Instance:
    """`export const walletService = new WalletService()`: a module-level instance."""

    name: str
    cls: CalleeRef
    span: Span
    # what each constructor argument names (a module-level name, an import), else None:
    # `new AuthService(authRepository)`; a nested `new` is an instance named `<new>line:col`
    args: tuple[CalleeRef | None, ...] = ()


@dataclass(frozen=True)
class ObjectOfFunctions:
    """`export const mailer = { send() {}, other: async () => {} }`."""

    name: str
    members: tuple[tuple[str, FunctionId], ...]
    span: Span | None = None


@dataclass(frozen=True)
class ModuleSymbols:
    ecosystem: str             # "js" | "python": which known-library lists judge its externals
    imports: tuple[Import, ...] = ()
    exports: tuple[Export, ...] = ()
    functions: tuple[Function, ...] = ()
    classes: tuple[ClassInfo, ...] = ()
    instances: tuple[Instance, ...] = ()
    objects: tuple[ObjectOfFunctions, ...] = ()
    module_calls: tuple[CallSite, ...] = ()      # top-level calls (start-up work, main())
    registrations: tuple[Registration, ...] = ()
    marker_uses: tuple[MarkerUse, ...] = ()
    # Module-level names bound to a client (`export const prisma = new PrismaClient()`), and
    # names that are plain aliases of another name (`export const db = prisma`).
    client_bindings: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()    # (name, the name it stands for)
    # Module-level names holding a call's result (`export const buzz = createBuzzClient()`),
    # with that call's span: what the call returns is known only after the link
    # (linker.returns), wherever the name is imported.
    held: tuple[tuple[str, Span], ...] = ()
    # Python: every top-level name is an export (the linker treats a module's top-level
    # names as its exports when `exports_all` is True).
    exports_all: bool = False
    # Module-level constants holding a duration in ms (`const TX_TIMEOUT = ms('1 minute')`),
    # for a transaction's options in a module that imports them (PC203)
    numbers: tuple[tuple[str, float], ...] = ()

    def function(self, fid: FunctionId) -> Function | None:
        for f in self.functions:
            if f.id == fid:
                return f
        return None


# -- what the linker derives, for the rules ------------------------------------------------

# How a witness says a helper opens an interactive transaction of its own on the shared
# client (linker.propagate writes it, PC202 words its message by it)
NESTED_TRANSACTION = "opens a transaction of its own"


@dataclass(frozen=True)
class LinkedTransactionCall:
    """A call in an interactive transaction's body whose callee (another module's function,
    an injected service's method) holds the transaction's connection with work it does
    further down: `effect` is "leaves" (it leaves the process: PC201) or "outer-query" (it
    queries through a client other than the transaction's: PC202). Sits on the call in the
    body; `chain` runs from there down to the network call or the query."""

    span: Span
    transaction_span: Span
    callee: str                 # as written at the call
    effect: str                 # "leaves" | "outer-query"
    reason: str                 # "`axios.post` leaves the process", "queries `prisma`"
    chain: tuple[Related, ...] = ()
    transaction_receiver: str | None = None
    scope: Scope | None = None  # the transaction's scope (tests and scripts are not under load)
    # "outer-query": the client queried, as written where it is queried ("dbRead",
    # "this.prisma"), and whether it is the transaction's own client (True: a second
    # connection from the same pool; False: another client's pool; None: cannot tell)
    client: str | None = None
    same_client: bool | None = None


# The benchmark's switch (bench/run.py), never a user option: POOLCHECK_BENCH_NO_LINK=1
# leaves the whole link out of a run (no symbols, no import scan, no link), so what linking
# adds to a run is measured on any tree. Its findings are then wrong: nothing crosses files.
LINK_OFF = os.environ.get("POOLCHECK_BENCH_NO_LINK") == "1"


def link_seeds(facts, fan_out: bool = True) -> tuple[bool, bool]:
    """(has an interactive transaction, has a construction, a shared client's lifecycle
    call or a query fan-out in an ordinary function): the files whose symbols the link needs
    first (their callees downwards, their callers upwards). `fan_out` False: a query
    fan-out seeds nothing (PC205, opt-in, is off for the file: its callers matter to no
    rule, and walking up to them parsed half of a monorepo's closure)."""
    if LINK_OFF:
        return False, False
    down = any(True for _ in facts.of((Transaction, PendingTransaction)))
    up = any(f.scope.kind is ScopeKind.FUNCTION and (
        not f.memoised if isinstance(f, ClientConstruction) else f.receiver_shared)
        for f in facts.facts if isinstance(f, (ClientConstruction, ClientCall))) \
        or fan_out and any(f.scope.kind is ScopeKind.FUNCTION for f in facts.of(ParallelQueries))   # PC205's fan-out
    return down, up
