"""TS/JS framework conventions as data (shared/design/handlers.md): the names of exports,
registration methods, hooks and decorators that say a function runs per request, at
start-up, at teardown or in tests. The TS/JS scope passes (frontends/typescript/
frameworks.py) read these tables; adding a framework is adding rows. Data only, stdlib
only: scope kinds are spelled as ScopeKind values ("request", "startup", ...).
"""

from __future__ import annotations

HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "del", "all", "use", "options",
                           "head", "route", "on"})
FASTIFY_HOOKS = frozenset({"onRequest", "preParsing", "preValidation", "preHandler",
                           "preSerialization", "onSend", "onResponse", "onError", "onTimeout"})
NEST_ROUTE_DECORATORS = frozenset({"Get", "Post", "Put", "Patch", "Delete", "All", "Options",
                                   "Head", "Sse", "MessagePattern", "EventPattern"})
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
