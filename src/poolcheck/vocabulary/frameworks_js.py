"""TS/JS framework conventions as data (shared/design/handlers.md): the names of exports,
registration methods, hooks and decorators that say a function runs per request, at
start-up, at teardown or in tests. The TS/JS scope passes (frontends/typescript/
frameworks.py) read these tables; adding a framework is adding rows. Data only, stdlib
only: scope kinds are spelled as ScopeKind values ("request", "startup", ...).
"""

from __future__ import annotations

from dataclasses import dataclass

HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "del", "all", "use", "options",
                           "head", "route", "on"})
# Import aliases a framework defines in a config it generates (`.svelte-kit/tsconfig.json`,
# `.nuxt/tsconfig.json`: never in the repository): (alias prefix, the files that mark the
# app's root folder, the folders under that root the alias may name, first hit wins).
# A tsconfig `paths` entry for the alias, when present, decides first.
FRAMEWORK_ALIASES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("$lib/", ("svelte.config.js", "svelte.config.ts", "svelte.config.mjs"), ("src/lib/",)),
    ("~~/", ("nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs"), ("",)),
    ("@@/", ("nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs"), ("",)),
    ("~/", ("nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs"), ("app/", "")),
    ("@/", ("nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs"), ("app/", "")),
)
# Nitro (Nuxt's server, h3) auto-imports what server/utils/ exports into every server
# file: `useDB(event)` in server/api/users.get.ts is server/utils/db.ts's, with no import.
AUTO_IMPORT_FOLDER = "/server/utils/"


def auto_imported_here(path) -> bool:
    """Whether a file may call server/utils/ exports without importing them."""
    return "server" in getattr(path, "parts", str(path).split("/"))


def auto_import_root(path: str, provider: bool = False) -> str | None:
    """The app folder whose server/utils/ serves `path` (a provider: the one it lives in)."""
    cut = path.rfind(AUTO_IMPORT_FOLDER if provider else "/server/")
    return path[:cut] if cut >= 0 else None


# The route methods that are HTTP verbs: an anonymous handler of `app.get("/users", ...)` is
# named `GET /users`; the rest keep the method (`use('*')`).
HTTP_ROUTE_VERBS = frozenset({"get", "post", "put", "patch", "delete", "options", "head"})
FASTIFY_HOOKS = frozenset({"onRequest", "preParsing", "preValidation", "preHandler",
                           "preSerialization", "onSend", "onResponse", "onError", "onTimeout"})
# NestJS's module decorator: `@Module({ providers: [DatabaseService] })` names a client class
# without any Prisma word (PC103 counts its providers), so its files pass the prefilter.
NEST_MODULE_DECORATOR = "Module"
NEST_ROUTE_DECORATORS = frozenset({"Get", "Post", "Put", "Patch", "Delete", "All", "Options",
                                   "Head", "Sse", "MessagePattern", "EventPattern"})
# Decorated controllers: a class decorator -> (framework, the method decorators that make a
# method a route). NestJS `@Controller` + `@Get`; routing-controllers `@JsonController` (its
# `@Controller` reads as NestJS's, the same shape); inversify-express-utils `@controller` +
# `@httpGet`; tsoa `@Route` + `@Get`. The framework builds the class and calls the method
# per request.
INVERSIFY_ROUTE_DECORATORS = frozenset({"httpGet", "httpPost", "httpPut", "httpPatch", "httpDelete",
                                        "httpHead", "httpOptions", "httpMethod", "all"})
DECORATED_CONTROLLERS = {
    "Controller": ("NestJS", NEST_ROUTE_DECORATORS),
    "JsonController": ("routing-controllers", NEST_ROUTE_DECORATORS),
    "controller": ("inversify-express-utils", INVERSIFY_ROUTE_DECORATORS),
    "Route": ("tsoa", NEST_ROUTE_DECORATORS),
}
# Dependency-injection containers: the call that hands back an instance of the class it is
# given (`container.resolve(UserService)`, `Container.get(UserService)`), by package.
DI_RESOLVERS = {"tsyringe": frozenset({"resolve"}), "typedi": frozenset({"get"}),
                "inversify": frozenset({"get", "resolve"}), "awilix": frozenset({"build"})}
NEST_RESOLVER_DECORATORS = frozenset({"Query", "Mutation", "ResolveField", "Subscription",
                                      "ResolveProperty"})
STARTUP_METHODS = frozenset({"onModuleInit", "onApplicationBootstrap"})
TEARDOWN_METHODS = frozenset({"onModuleDestroy", "beforeApplicationShutdown",
                              "onApplicationShutdown"})
TEST_HOOKS = {"beforeAll": "test", "beforeEach": "test",
              "afterAll": "teardown", "afterEach": "teardown",
              "test": "test", "it": "test", "describe": "test"}
EVENT_HANDLER_CALLS = frozenset({"defineEventHandler", "eventHandler", "defineCachedEventHandler",
                                 "defineWebSocketHandler"})

WORKER_EXPORT_KEYS = frozenset({"fetch", "scheduled", "queue", "email", "tail"})
# Options of Bun's server object (`export default { fetch: app.fetch, port: 4000 }`, the
# object `Bun.serve()` takes): a Workers module exports handlers only, never where to
# listen, so a default export with one of these is a long-lived Bun server, not a Worker.
BUN_SERVE_KEYS = frozenset({"port", "hostname", "unix", "websocket", "development", "tls",
                            "maxRequestBodySize", "idleTimeout", "reusePort", "ipv6Only", "routes",
                            "error"})


@dataclass(frozen=True)
class PathPattern:
    """Where a row applies, read from the file's path alone (every field must hold)."""

    dirs_any: tuple[str, ...] = ()       # one of these folders is on the path
    dirs_all: tuple[str, ...] = ()       # all of these are
    dirs_none: tuple[str, ...] = ()      # none of these is
    after: tuple[str, str] | None = None  # ("pages", "api"): `api` right after the first `pages`
    under: tuple[str, ...] = ()          # this run of folders is on the path: ("src", "routes")
    # this folder is at the top of its project: the path starts with it, or the folder above
    # it holds one of PROJECT_TOP_FILES (`poolcheck /abs/app`, `apps/web/api/` in a monorepo)
    first_dir: str | None = None
    stems: tuple[str, ...] = ()          # the file name without its last suffix is one of these
    stem_not_prefix: str | None = None   # ... and does not start with this
    suffixes: tuple[str, ...] = ()       # the file's last suffix is one of these


ANY_PATH = PathPattern()
PROJECT_TOP_FILES = ("package.json", "vercel.json")


@dataclass(frozen=True)
class ExportRow:
    """An export whose name and file say how often it runs: `export async function GET`
    in `app/**/route.ts` is a Next.js request handler. Rows are tried in order and the
    first whose name, path and check match wins."""

    framework: str                      # the label in messages
    names: frozenset[str] = frozenset()  # exported names; empty: any name
    path: PathPattern = ANY_PATH
    kind: str = "request"               # a ScopeKind value
    prefix: str | None = None           # the name starts with this (instead of `names`)
    label: str = "name"                 # the scope's name: "name" (the export's), "stem" (the
                                        # file stem for a default export), "hook" (Vike: the
                                        # `+hook` of the file name), "route_file" (the route
                                        # the file serves, for a default export: `/api/users`)
    methods_of_object: bool = False     # an object export: each method is the handler
    check: str | None = None            # a test on the code as well (frontends/typescript/
                                        # frameworks.py CHECKS): "use_server", "azure_v3", ...
    worker: str | None = None           # the file runs on Cloudflare Workers (trait detail)


def _vike(hooks, kind):
    """Vike `+hook.js` files (also `.server.js`, `.shared.js`, `.ssr.js`; `.client.js` runs in
    the browser) under pages/ or renderer/, the hook as default or named export."""
    stems = tuple(f"+{h}{env}" for h in hooks for env in ("", ".server", ".shared", ".ssr"))
    return ExportRow("Vike", frozenset({"default", *hooks}), PathPattern(dirs_any=("pages", "renderer"), stems=stems),
                     kind=kind, label="hook")


_JS_SUFFIXES = (".ts", ".js", ".mjs")
EXPORT_ROWS: tuple[ExportRow, ...] = (
    ExportRow("Next.js app router", HTTP_METHODS, PathPattern(dirs_any=("app",), stems=("route",))),
    ExportRow("Next.js app router", frozenset({"default", "generateMetadata"}),
              PathPattern(dirs_any=("app",), stems=("page", "layout", "template", "default")), label="stem"),
    ExportRow("Next.js pages router", frozenset({"default"}), PathPattern(after=("pages", "api")),
              label="route_file"),
    ExportRow("Next.js pages router", frozenset({"getServerSideProps", "getInitialProps"}),
              PathPattern(dirs_any=("pages",))),
    ExportRow("Next.js middleware", frozenset({"middleware", "proxy", "default"}),
              PathPattern(stems=("middleware", "proxy"))),
    ExportRow("Next.js", frozenset({"register"}), PathPattern(stems=("instrumentation",)), kind="startup"),
    ExportRow("Next.js server action", check="use_server"),
    ExportRow("SvelteKit", HTTP_METHODS | {"fallback"}, PathPattern(stems=("+server",))),
    ExportRow("SvelteKit", frozenset({"load"}), PathPattern(stems=("+page.server", "+layout.server"))),
    ExportRow("SvelteKit", frozenset({"actions"}), PathPattern(stems=("+page.server", "+layout.server")),
              methods_of_object=True),
    ExportRow("SvelteKit", frozenset({"handle", "handleFetch", "handleError"}), PathPattern(stems=("hooks.server",))),
    # SvelteKit before 1.0: endpoints are lower-case method exports of any src/routes module;
    # the check keeps helpers that happen to be called `get` silent.
    ExportRow("SvelteKit", frozenset({"get", "post", "put", "patch", "del"}),
              PathPattern(under=("src", "routes"), stem_not_prefix="+", suffixes=(".ts", ".js")),
              check="sveltekit_endpoint"),
    _vike(("data", "guard", "onBeforeRender", "onCreatePageContext", "onRenderHtml", "onData"), "request"),
    _vike(("onBeforePrerenderStart", "onPrerenderStart", "onCreateGlobalContext"), "startup"),
    ExportRow("Cloudflare Pages Functions", prefix="onRequest",
              path=PathPattern(dirs_any=("functions",), dirs_none=("netlify",)),
              kind="edge_request", worker="Pages Functions"),
    ExportRow("Astro", HTTP_METHODS | {"ALL"}, PathPattern(dirs_any=("pages",), suffixes=_JS_SUFFIXES)),
    ExportRow("Astro middleware", frozenset({"onRequest"})),
    ExportRow("Remix / React Router", frozenset({"loader", "action"})),
    ExportRow("AWS Lambda", frozenset({"handler", "lambdaHandler"})),
    ExportRow("Azure Functions", frozenset({"module.exports"}), check="azure_v3"),
    ExportRow("Netlify Functions", frozenset({"default"}), PathPattern(dirs_all=("functions", "netlify"))),
    ExportRow("Vercel Functions", frozenset({"default"}), PathPattern(first_dir="api")),
)


@dataclass(frozen=True)
class PairRow:
    """A property whose key says its value runs per request: `context: () => ...` given to
    a GraphQL server, `callbacks: { jwt, session }` of NextAuth. First match wins."""

    key: str
    framework: str
    kind: str = "request"
    methods_of_object: bool = False     # the value is an object: each method is a handler
    functions_only: bool = False        # the value must be a function or a name
    imports: tuple[str, ...] = ()       # the file imports one of these modules (a prefix
                                        # ending in "/" matches the package's subpaths)
    resolver_map: bool = False          # `resolvers: { Query: {...}, User: {...} }`


AUTH_JS_MODULES = ("next-auth", "next-auth/", "@auth/")
PAIR_ROWS: tuple[PairRow, ...] = (
    PairRow("context", "GraphQL context", functions_only=True),
    PairRow("Query", "GraphQL resolver", methods_of_object=True),
    PairRow("Mutation", "GraphQL resolver", methods_of_object=True),
    PairRow("Subscription", "GraphQL resolver", methods_of_object=True),
    PairRow("resolve", "GraphQL resolver"),
    PairRow("resolvers", "GraphQL resolver", resolver_map=True),
    PairRow("createContext", "tRPC context"),
    # NextAuth / Auth.js: callbacks run per sign-in or per session read, events per event
    PairRow("callbacks", "NextAuth / Auth.js", methods_of_object=True, imports=AUTH_JS_MODULES),
    PairRow("events", "NextAuth / Auth.js", methods_of_object=True, imports=AUTH_JS_MODULES),
)


@dataclass(frozen=True)
class CallPropertyRow:
    """A property of an object passed to a call that runs per request: `authorize` of
    `CredentialsProvider({...})` runs on every sign-in with a password."""

    callees: frozenset[str]             # the call's name (or the last segment of it)
    keys: frozenset[str]
    framework: str
    kind: str = "request"


CALL_PROPERTY_ROWS: tuple[CallPropertyRow, ...] = (
    CallPropertyRow(frozenset({"CredentialsProvider", "Credentials"}), frozenset({"authorize"}),
                    "NextAuth / Auth.js"),
)


@dataclass(frozen=True)
class ParamTypeRow:
    """A function with a parameter of this type runs while one exists: an h3 `H3Event`
    lives for one request, so a utility taking it runs per request wherever it is called."""

    types: frozenset[str]               # the annotation's name (generic arguments ignored)
    framework: str
    kind: str = "request"


PARAM_TYPE_ROWS: tuple[ParamTypeRow, ...] = (
    ParamTypeRow(frozenset({"H3Event"}), "Nuxt / h3 utility"),
)

# Receivers of `.get/.post/...` that are never an app or a router (a client, a pool, a map).
NOT_A_ROUTER = frozenset({"pool", "db", "client", "tx", "Promise", "Object", "Reflect", "Map", "cache",
                          "map", "headers", "searchParams", "params", "formData", "url"})
ROUTER = "<router>"   # a CallRow framework: the file's router framework (Express, Hono, Koa, ...)


@dataclass(frozen=True)
class CallRow:
    """A call that registers functions as handlers: `app.get("/", handler)`,
    `fastify.addHook("onRequest", fn)`, `beforeAll(fn)`, `defineEventHandler(fn)`. A row
    matches a plain call by `names` or a method call by `methods` (the last member); rows
    are tried in order and the first that matches decides (it may mark nothing: a tRPC
    `.query()` on a database client). Every row whose `also` is set applies as well."""

    framework: str
    names: frozenset[str] = frozenset()    # callee names of plain calls
    methods: frozenset[str] = frozenset()  # method names of member calls
    kind: str = "request"                  # a ScopeKind value
    roots: frozenset[str] = frozenset()    # the member chain starts with one of these
    first_arg: frozenset[str] | None = None  # the first argument is one of these strings
    first_arg_string: bool = False         # the first argument is a string literal
    min_args: int = 1
    # which arguments are handlers: "each"; "after_first"; "each_or_handler_pair" (an object's
    # `handler:` pair, any other argument itself); "handler_property" (each object's `handler`,
    # pair or method); "first_handler_property"; "second_handler_property"; "router" (every
    # non-string argument, an object's `handler` too, when one argument is a function, a name
    # or a call)
    handlers: str = "each"
    label: str = "name"                    # "name" (the callee or method), "first_arg", "none",
                                           # "route_file" (the route its file serves, Nitro's
                                           # server/api/users.get.ts: `GET /api/users`)
    check: str | None = None               # when the row matches, mark only if it holds:
                                           # "not_a_db" (the receiver is no client or pool),
                                           # "trpc" (that, and the receiver is a call, member
                                           # or name), "hono_router" (not_a_db, in a Hono file)
    worker: str | None = None              # the file runs on Cloudflare Workers (trait detail)
    also: bool = False                     # applies whenever it matches, before or after the
                                           # row that decides


_TEST_KINDS = {"test": frozenset(k for k, v in TEST_HOOKS.items() if v == "test"),
               "teardown": frozenset(k for k, v in TEST_HOOKS.items() if v == "teardown")}
# Process events whose listeners run once, as the process ends (Node.js signals and
# `beforeExit`/`exit`), not per request.
PROCESS_SHUTDOWN_EVENTS = frozenset({"SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGBREAK", "SIGUSR2",
                                     "beforeExit", "exit"})
CALL_ROWS: tuple[CallRow, ...] = (
    CallRow("tests", names=_TEST_KINDS["test"], kind="test", handlers="each"),
    CallRow("tests", names=_TEST_KINDS["teardown"], kind="teardown", handlers="each"),
    CallRow("Nuxt / Nitro", names=EVENT_HANDLER_CALLS, handlers="each_or_handler_pair", label="route_file"),
    CallRow("Hono", names=frozenset({"createMiddleware"})),
    CallRow("Cloudflare Workers", names=frozenset({"addEventListener"}), first_arg=frozenset({"fetch"}),
            kind="edge_request", handlers="after_first", label="first_arg", worker="addEventListener('fetch')"),
    CallRow("Astro", names=frozenset({"defineAction", "defineMiddleware"}), handlers="handler_property"),
    CallRow("Astro middleware", names=frozenset({"defineMiddleware"}), also=True),
    CallRow("Fastify", methods=frozenset({"addHook"}), first_arg=FASTIFY_HOOKS, handlers="after_first",
            label="first_arg"),
    CallRow("Google Cloud Functions", methods=frozenset({"http", "cloudEvent"}), roots=frozenset({"functions", "ff"}),
            handlers="after_first", label="first_arg"),
    CallRow("Azure Functions", methods=frozenset({"http", "timer", "storageQueue", "serviceBusQueue", "eventHub"}),
            first_arg_string=True, min_args=2, handlers="second_handler_property", label="first_arg"),
    CallRow("tRPC", methods=frozenset({"query", "mutation", "subscription"}), check="trpc"),
    # `t.middleware(async ({ ctx, next }) => ...)`: runs before every procedure that uses it
    CallRow("tRPC middleware", methods=frozenset({"middleware"}), check="trpc"),
    # `prisma.$use(async (params, next) => ...)`: Prisma query middleware runs on every query
    # of every request (a `$disconnect()` there closes the shared pool after each query)
    CallRow("Prisma query middleware", methods=frozenset({"$use"})),
    # `process.on('SIGTERM', async () => { await prisma.$disconnect() })`: a shutdown hook
    # runs once, as the process ends, wherever it is registered (also inside a memoised
    # factory that handlers call: Project-Valine's getPrismaClient)
    CallRow("Node.js process", methods=frozenset({"on", "once", "addListener", "prependListener",
                                                  "prependOnceListener"}),
            roots=frozenset({"process"}), first_arg=PROCESS_SHUTDOWN_EVENTS, kind="teardown",
            handlers="after_first", label="first_arg"),
    CallRow(ROUTER, methods=frozenset({"route"}), handlers="first_handler_property", also=True),
    CallRow(ROUTER, methods=frozenset({"on"}), check="hono_router", handlers="router"),
    CallRow(ROUTER, methods=ROUTE_METHODS - {"on"}, check="not_a_db", handlers="router"),
)

# Conditions that say the file runs as a program (`if (require.main === module) main()`):
# JavaScript's `if __name__ == "__main__":`, spaces removed.
MAIN_GUARDS = ("require.main===module", "module===require.main", "import.meta.main",
               "fileURLToPath(import.meta.url)", "import.meta.url===`file://${process.argv[1]}`",
               "import.meta.url===pathToFileURL(process.argv[1]).href")

