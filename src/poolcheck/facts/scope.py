"""How often the code around a fact runs (handlers.md), which client API a fact belongs to, and the UNKNOWN option value."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Union

from ..core.diagnostics import Related, Span


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
    # The handler serves a health-check route by its path (`@Get('/healthz')`,
    # `app.get('/health', ...)`: layout.health_url), whatever its file is called (PC105).
    health: bool = False

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
