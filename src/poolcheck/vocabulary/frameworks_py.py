"""Python framework conventions as data (shared/design/handlers.md): which functions run
per request, at start-up, in scripts or tests, decided from decorators, base classes and
registrations. The Python front-end's scope passes (frontends/python/frameworks.py) read
these tables; adding a framework is adding rows. Data only, stdlib only: scope kinds are
spelled as ScopeKind values ("request", "startup", ...).
"""

from __future__ import annotations

from dataclasses import dataclass

R, S, T = "request", "startup", "teardown"

# Top-level module imported -> framework label, in order of precedence for a file that
# imports several (a route decorator is credited to the first web framework found).
FRAMEWORKS = (
    ("fastapi", "FastAPI"), ("starlette", "Starlette"), ("flask", "Flask"), ("quart", "Quart"),
    ("ninja", "Django Ninja"), ("rest_framework", "Django REST framework"), ("django", "Django"),
    ("chalice", "Chalice"), ("litestar", "Litestar"), ("sanic", "Sanic"), ("aiohttp", "aiohttp"),
    ("azure", "Azure Functions"), ("functions_framework", "Google Cloud Functions"),
    ("celery", "Celery"), ("rq", "RQ"),
)

ROUTE_ATTRS = frozenset({
    "get", "post", "put", "patch", "delete", "options", "head", "trace", "api_route",
    "websocket", "route", "websocket_route", "view",
})
# Decorator attribute -> scope kind, whatever the receiver (`app`, `bp`, `router`, ...).
HOOK_ATTRS = {
    # Flask / Quart per-request hooks
    "before_request": R, "after_request": R, "teardown_request": R, "teardown_appcontext": R,
    "before_app_request": R, "after_app_request": R, "teardown_app_request": R,
    "before_websocket": R, "after_websocket": R,
    # process hooks
    "before_serving": S, "while_serving": S, "before_first_request": S, "after_serving": T,
    # Sanic
    "on_request": R, "on_response": R, "before_server_start": S, "after_server_start": S,
    "main_process_start": S, "before_server_stop": T, "after_server_stop": T,
    "main_process_stop": T,
    # Chalice events
    "lambda_function": R, "on_s3_event": R, "on_sns_message": R, "on_sqs_message": R,
    "on_cw_event": R, "schedule": R, "on_ws_message": R, "on_ws_connect": R,
    "on_ws_disconnect": R, "authorizer": R, "on_kinesis_record": R, "on_dynamodb_record": R,
    # Azure Functions v2 (function_name pairs with a trigger or route)
    "function_name": R,
}
DECORATOR_QNAMES = {
    "functions_framework.http": (R, "Google Cloud Functions"),
    "functions_framework.cloud_event": (R, "Google Cloud Functions"),
    "functions_framework.typed": (R, "Google Cloud Functions"),
    "celery.shared_task": (R, "Celery"),
    "rq.decorators.job": (R, "RQ"), "rq.job": (R, "RQ"),
    "dramatiq.actor": (R, "Dramatiq"),
    "rest_framework.decorators.api_view": (R, "Django REST framework"),
    "rest_framework.decorators.action": (R, "Django REST framework"),
    "aiohttp.web.middleware": (R, "aiohttp"),
    "django.views.decorators.http.require_http_methods": (R, "Django"),
    "django.views.decorators.http.require_GET": (R, "Django"),
    "django.views.decorators.http.require_POST": (R, "Django"),
    "django.views.decorators.csrf.csrf_exempt": (R, "Django"),
    "django.contrib.auth.decorators.login_required": (R, "Django"),
    "pytest.fixture": ("test", None), "pytest_asyncio.fixture": ("test", None),
    "functools.cache": ("factory", None), "functools.lru_cache": ("factory", None),
    # memoisers of async functions and third-party caches: the body runs on a miss only
    "aiocache.cached": ("factory", None), "aiocache.decorators.cached": ("factory", None),
    "async_lru.alru_cache": ("factory", None),
    "cachetools.cached": ("factory", None), "cachetools.func.lru_cache": ("factory", None),
    "cachetools.func.ttl_cache": ("factory", None),
    "click.command": ("script", None), "click.group": ("script", None),
}
LITESTAR_ROUTES = frozenset(f"litestar.{m}" for m in (
    "get", "post", "put", "patch", "delete", "head", "route", "websocket", "websocket_listener"))

# Class-based views: base class (last segment of its qualified name) -> method names
# that run per request.
_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "trace",
                           "dispatch", "websocket"})
_DRF_ACTIONS = frozenset({"list", "create", "retrieve", "update", "partial_update", "destroy",
                          "get_queryset", "get_object", "perform_create", "perform_update",
                          "perform_destroy", "get_serializer_context"})
_DJANGO_CBV = frozenset({"get_context_data", "form_valid", "form_invalid", "get_queryset",
                         "get_object", "setup"})
VIEW_BASES: dict[str, tuple[frozenset, str]] = {
    "MethodView": (_HTTP_METHODS, "Flask"), "HTTPEndpoint": (_HTTP_METHODS, "Starlette"),
    "WebSocketEndpoint": (frozenset({"on_connect", "on_receive", "on_disconnect"}), "Starlette"),
    "BaseHTTPMiddleware": (frozenset({"dispatch"}), "Starlette"),
    "HTTPMethodView": (_HTTP_METHODS, "Sanic"),
    "APIView": (_HTTP_METHODS | _DRF_ACTIONS, "Django REST framework"),
    "GenericAPIView": (_HTTP_METHODS | _DRF_ACTIONS, "Django REST framework"),
    "ViewSet": (_HTTP_METHODS | _DRF_ACTIONS, "Django REST framework"),
    "GenericViewSet": (_HTTP_METHODS | _DRF_ACTIONS, "Django REST framework"),
    "ModelViewSet": (_HTTP_METHODS | _DRF_ACTIONS, "Django REST framework"),
    "ReadOnlyModelViewSet": (_HTTP_METHODS | _DRF_ACTIONS, "Django REST framework"),
    "ListAPIView": (_HTTP_METHODS | _DRF_ACTIONS, "Django REST framework"),
    "CreateAPIView": (_HTTP_METHODS | _DRF_ACTIONS, "Django REST framework"),
    "RetrieveAPIView": (_HTTP_METHODS | _DRF_ACTIONS, "Django REST framework"),
    "ListCreateAPIView": (_HTTP_METHODS | _DRF_ACTIONS, "Django REST framework"),
    "RetrieveUpdateDestroyAPIView": (_HTTP_METHODS | _DRF_ACTIONS, "Django REST framework"),
    "View": (_HTTP_METHODS | _DJANGO_CBV, "Django"),
    "TemplateView": (_HTTP_METHODS | _DJANGO_CBV, "Django"),
    "ListView": (_HTTP_METHODS | _DJANGO_CBV, "Django"),
    "DetailView": (_HTTP_METHODS | _DJANGO_CBV, "Django"),
    "FormView": (_HTTP_METHODS | _DJANGO_CBV, "Django"),
    "CreateView": (_HTTP_METHODS | _DJANGO_CBV, "Django"),
    "UpdateView": (_HTTP_METHODS | _DJANGO_CBV, "Django"),
    "DeleteView": (_HTTP_METHODS | _DJANGO_CBV, "Django"),
    "MiddlewareMixin": (frozenset({"__call__", "process_request", "process_view",
                                   "process_response", "process_exception"}), "Django"),
}
STARTUP_BASES = {"AppConfig": ("ready", "Django")}
# Calls that register a function as per-request code: `x.add_api_route(path, fn)`.
# attribute -> positional index of the function (keyword names in REGISTER_KEYWORDS).
REGISTER_ATTRS = {
    "add_api_route": 1, "add_route": 1, "add_websocket_route": 1, "add_api_websocket_route": 1,
    "add_url_rule": 2, "add_get": 1, "add_post": 1, "add_put": 1, "add_patch": 1,
    "add_delete": 1, "add_head": 1, "add_view": 1, "enqueue": 0, "enqueue_call": 0,
    "before_request": 0, "after_request": 0, "teardown_request": 0, "teardown_appcontext": 0,
}
REGISTER_KEYWORDS = ("endpoint", "view_func", "handler", "func", "f")
ROUTE_CONSTRUCTORS = frozenset({
    "starlette.routing.Route", "starlette.routing.WebSocketRoute", "fastapi.routing.APIRoute",
    "aiohttp.web.get", "aiohttp.web.post", "aiohttp.web.put", "aiohttp.web.patch",
    "aiohttp.web.delete", "aiohttp.web.head", "aiohttp.web.route", "aiohttp.web.view",
})
DEPENDS = frozenset({"fastapi.Depends", "fastapi.Security", "fastapi.params.Depends",
                     "fastapi.params.Security", "litestar.di.Provide", "litestar.Provide"})
# `app.on_startup.append(fn)` (aiohttp) and friends: list attribute -> kind.
HOOK_LISTS = {"on_startup": S, "cleanup_ctx": S, "on_cleanup": T, "on_shutdown": T,
              "middlewares": R}
# Keyword arguments of app constructors: `FastAPI(lifespan=fn, on_startup=[...])`.
HOOK_KEYWORDS = {"lifespan": S, "on_startup": S, "on_shutdown": T, "middlewares": R,
                 "middleware": R, "dependencies": R}
RUNNERS = frozenset({"asyncio.run", "anyio.run", "trio.run", "uvloop.run"})
# The framework label of a SCRIPT mark set by an entry call (`asyncio.run(main())`, `main()`
# under `if __name__ == "__main__":`): the module runs it as a script, but imported it is an
# ordinary function, and a request path from another module still reaches it (the linker).
SCRIPT_ENTRY = "script entry"

# Framework labels a row can ask for instead of naming one.
WEB = "<web framework>"            # the web framework the file imports (FRAMEWORKS order)
CHALICE_OR_WEB = "<chalice or web>"  # Chalice for a request hook in a file importing it


@dataclass(frozen=True)
class DecoratorAttrRow:
    """`@<receiver>.<attr>` decorators, whatever the receiver (`app`, `bp`, `router`): the
    attribute names the convention. Tried in order; the first row whose attribute and
    call shape match decides (it may decide "no scope": `@app.listener("unknown")`)."""

    attrs: frozenset[str] = frozenset()
    suffix: str | None = None         # or: the attribute ends with this
    kind: str = "request"             # a ScopeKind value, or "by_event" (on_event: "startup" ->
                                      # startup, else teardown), "by_hook_event" (HOOK_ATTRS of
                                      # the first argument), "by_hook" (HOOK_ATTRS of the attribute)
    framework: str | None = WEB
    call: bool = False                # only `@x.attr(...)`
    args: bool = False                # ... with at least one argument
    imports: tuple[str, ...] = ()     # the file imports one of these top-level modules


DECORATOR_ATTR_ROWS: tuple[DecoratorAttrRow, ...] = (
    DecoratorAttrRow(ROUTE_ATTRS, call=True),
    DecoratorAttrRow(frozenset({"middleware"})),
    DecoratorAttrRow(frozenset({"on_event"}), kind="by_event", call=True, args=True),
    DecoratorAttrRow(frozenset({"listener"}), kind="by_hook_event", call=True, args=True),  # Sanic
    DecoratorAttrRow(frozenset(HOOK_ATTRS), kind="by_hook", framework=CHALICE_OR_WEB),
    DecoratorAttrRow(suffix="_trigger", framework="Azure Functions"),
    DecoratorAttrRow(frozenset({"task"}), framework="Celery", imports=("celery", "dramatiq")),
    DecoratorAttrRow(frozenset({"actor"}), framework="Dramatiq", imports=("celery", "dramatiq")),
    DecoratorAttrRow(frozenset({"command"}), kind="script", framework=None, call=True),  # click groups
)



def decorator_attr_row(attr: str, call_args, imported) -> DecoratorAttrRow | None:
    """The first DECORATOR_ATTR_ROWS row a `@x.attr` / `@x.attr(...)` decorator matches;
    `call_args`: the decorator call's arguments, None when it is not called (the LibCST and
    the `ast` front-ends both ask this one table the one way)."""
    for row in DECORATOR_ATTR_ROWS:
        if not (attr in row.attrs or row.suffix is not None and attr.endswith(row.suffix)):
            continue
        if row.call and call_args is None or row.args and not call_args:
            continue
        if row.imports and not any(m in imported for m in row.imports):
            continue
        return row
    return None


WEB_OR_DJANGO = "<web framework or Django>"


@dataclass(frozen=True)
class SignatureRow:
    """A module-level function whose name, parameters, file or imports make it an entry
    point: `def handler(event, context)` is AWS Lambda's. First match wins."""

    framework: str
    names: frozenset[str] = frozenset()    # the function is called one of these
    not_names: frozenset[str] = frozenset()
    first_params: tuple[str, ...] = ()     # its parameters start with these
    param_count: int | None = None         # it has exactly this many parameters
    min_params: int = 0
    imports: tuple[str, ...] = ()          # the file imports one of these top-level modules
    views_module: bool = False             # the file is views.py or under a views/ folder
    kind: str = "request"


SIGNATURE_ROWS: tuple[SignatureRow, ...] = (
    SignatureRow("AWS Lambda", names=frozenset({"handler", "lambda_handler"}), param_count=2),
    SignatureRow("AWS Lambda", first_params=("event", "context"), param_count=2),
    SignatureRow("Azure Functions", names=frozenset({"main"}), min_params=1, imports=("azure",)),  # v1
    SignatureRow(WEB_OR_DJANGO, first_params=("request",), views_module=True),
    SignatureRow(WEB_OR_DJANGO, first_params=("request",), imports=("django",), not_names=frozenset({"main"})),
)
