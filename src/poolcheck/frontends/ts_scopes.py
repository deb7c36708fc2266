"""Which TS/JS functions run per request, per process, per script run or in tests.

Implements the JavaScript half of shared/design/handlers.md from syntax and file layout:
exports with framework meaning (Next.js, Remix, SvelteKit, Astro, Lambda, ...), callbacks
registered on routers (Express, Fastify, Koa, Hono, tRPC, Google/Azure functions),
GraphQL context factories and resolver maps, NestJS decorators, Cloudflare Workers,
scripts and tests. Same-file functions called from a handler inherit request scope
(a few levels, cycle-safe), with the call chain kept for related locations.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..diagnostics import Related
from ..discovery import PROJECT_IMPORT_PREFIXES, is_test_harness_module, path_role
from ..facts import Scope, ScopeKind
from .ts_model import FUNCTION_TYPES, Program, enclosing_function, function_name, member_chain, \
    resolve, strip, string_value

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
TEST_HOOKS = {"beforeAll": ScopeKind.TEST, "beforeEach": ScopeKind.TEST,
              "afterAll": ScopeKind.TEARDOWN, "afterEach": ScopeKind.TEARDOWN,
              "test": ScopeKind.TEST, "it": ScopeKind.TEST, "describe": ScopeKind.TEST}
MEMO_CALLS = frozenset({"singleton", "remember", "memoize", "memoise", "once", "cache", "lazy",
                        "memo", "useMemo"})
EVENT_HANDLER_CALLS = frozenset({"defineEventHandler", "eventHandler", "defineCachedEventHandler",
                                 "defineWebSocketHandler"})
MAX_CALL_DEPTH = 4


class Scopes:
    def __init__(self, prog: Program, path: PurePosixPath, span, module_scope: Scope | None = None,
                 report_path=None):
        self.prog = prog
        self.path = path
        self.report_path = report_path if report_path is not None else path
        self.span = span            # (start_byte, end_byte) -> Span
        self.marks: dict[int, Scope] = {}
        self.registered_elsewhere: list[tuple[object, Scope]] = []  # (value node, scope)
        self.traits: list[tuple[str, object, str]] = []  # (name, node, detail)
        self.framework_hint = self._framework_hint()
        self.worker = False
        role = path_role(path)
        for module in self._project_imports():
            # PC103 counts which module's client the project imports (rules: canonical client).
            self.traits.append(("import", None, module))
        harness = self._test_harness_import()
        if harness is not None:
            # A testcontainers helper or test-runner setup, wherever it lives (rules.file_role).
            self.traits.append(("test-harness", None, harness))
        self.test_file = role == "test" or harness is not None
        self.script_file = role == "script"
        self.calls_own_main = False
        self._memo: dict[int, Scope] = {}
        self._mark_all()
        if self.test_file:
            self.default = Scope(ScopeKind.TEST, None, None)
        elif self.script_file or self.calls_own_main:
            self.default = Scope(ScopeKind.SCRIPT, None, None)
        else:
            self.default = None
        self.module_scope = module_scope or self.default or Scope(ScopeKind.MODULE)
        self._propagate()

    # -- helpers -----------------------------------------------------------------
    def _project_imports(self) -> list[str]:
        """Specifiers that may name a module of the project: relative paths, path aliases
        (`@/lib/db`, `~/server/db`, `$lib/db`, `#db`) and baseUrl paths (`lib/db`); not npm
        packages (`pg`, `@prisma/client`). A scoped package's subpath (`@acme/db/replica`)
        may be a workspace package's module."""
        out = []
        for b in self.prog.scopes[0].values():
            m = b.module if b.kind == "import" else None
            if not m or m in out:
                continue
            if m.startswith(PROJECT_IMPORT_PREFIXES) or ("/" in m and not m.startswith("@")) \
                    or m.startswith("@") and m.count("/") >= 2:
                out.append(m)
        return out

    def _test_harness_import(self) -> str | None:
        for b in self.prog.scopes[0].values():
            if b.kind == "import" and b.module and is_test_harness_module(b.module):
                return b.module
        return None

    def _framework_hint(self) -> str:
        mods = {b.module for b in self.prog.scopes[0].values() if b.kind == "import" and b.module}
        for mod, name in (("hono", "Hono"), ("fastify", "Fastify"), ("koa", "Koa"),
                          ("@koa/router", "Koa"), ("koa-router", "Koa"), ("express", "Express")):
            if mod in mods or any(m.startswith(mod + "/") for m in mods):
                return name
        return "Express"

    def _fn_span(self, fn):
        name = fn.child_by_field_name("name")
        anchor = name if name is not None else fn
        if name is None and fn.type != "method_definition":
            parent = fn.parent
            while parent is not None and parent.type in ("parenthesized_expression", "as_expression"):
                parent = parent.parent
            if parent is not None and parent.type == "variable_declarator":
                anchor = parent.child_by_field_name("name") or fn
        end = min(anchor.end_byte, anchor.start_byte + 200)
        if anchor is fn:
            end = fn.start_byte + 1
        return self.span(anchor.start_byte, end)

    def functions_of(self, value, depth: int = 0) -> list:
        """The functions a value stands for: a literal, a same-file name, or a wrapped one
        (`withAuth(async (req) => ...)`, `defineEventHandler(fn)`)."""
        value = strip(value)
        if value is None or depth > 3:
            return []
        if value.type in FUNCTION_TYPES:
            return [value]
        if value.type == "identifier":
            b = resolve(self.prog, self.prog.text(value), value)
            if b is None:
                return []
            if b.kind == "function":
                return [b.node]
            if b.kind in ("local", "module") and not b.path:
                return self.functions_of(b.init, depth + 1)
            return []
        if value.type == "call_expression":
            args = value.child_by_field_name("arguments")
            out = []
            for a in (args.named_children if args is not None else ()):
                if strip(a) is not None and strip(a).type in FUNCTION_TYPES | {"identifier"}:
                    out.extend(self.functions_of(a, depth + 1))
            return out
        if value.type == "object":
            return []
        return []

    def mark(self, value, kind: ScopeKind, framework: str | None, name: str | None = None,
             *, methods_of_object: bool = False) -> None:
        value = strip(value)
        if value is None:
            return
        if methods_of_object and value.type == "object":
            for member in value.named_children:
                if member.type == "method_definition":
                    self.mark(member, kind, framework, function_name(self.prog, member))
                elif member.type == "pair":
                    key = member.child_by_field_name("key")
                    self.mark(member.child_by_field_name("value"), kind, framework,
                              self.prog.text(key) if key is not None else None)
            return
        targets = self.functions_of(value)
        if not targets and value.type in ("identifier", "member_expression"):
            # an imported handler (`router.get("/x", handlers.list)`): the linker resolves it
            self.registered_elsewhere.append((value, Scope(kind, framework, name)))
        for fn in targets:
            if fn.id in self.marks and self.marks[fn.id].kind is not ScopeKind.FUNCTION:
                continue
            fname = name or function_name(self.prog, fn)
            self.marks[fn.id] = Scope(kind, framework, fname, self._fn_span(fn))

    # -- marking -----------------------------------------------------------------
    def _mark_all(self) -> None:
        prog = self.prog
        root = prog.root
        top = root.named_children
        # 'use server' at the top of the file
        use_server = False
        for stmt in top:
            if stmt.type == "expression_statement" and stmt.named_children \
                    and stmt.named_children[0].type == "string":
                if string_value(prog, stmt.named_children[0]) == "use server":
                    use_server = True
                    self.traits.append(("use-server", stmt, "file"))
                continue
            if stmt.type != "comment":
                break
        for b in prog.scopes[0].values():
            if b.kind == "import" and b.module == "cloudflare:workers":
                self.worker = True
                self.traits.append(("cloudflare-worker", b.node, "cloudflare:workers import"))
        # exports
        for name, value, anchor in self._exports():
            self._mark_export(name, value, anchor, use_server)
        # top-level statements: main() calls, addEventListener, module.exports, ...
        for stmt in top:
            if stmt.type == "expression_statement" and stmt.named_children:
                expr = strip(stmt.named_children[0])
                if expr is not None and expr.type == "unary_expression":
                    expr = strip(expr.named_children[0]) if expr.named_children else None
                self._check_main_call(expr)
        # every call in the file: route registrations, hooks, wrappers
        for call in prog.nodes("call_expression"):
            self._mark_call(call)
        for pair in prog.nodes("pair"):
            self._mark_pair(pair)
        for decl in prog.nodes("variable_declarator"):
            name = decl.child_by_field_name("name")
            if name is not None and prog.text(name) in ("createContext", "createTRPCContext",
                                                         "createInnerTRPCContext"):
                self.mark(decl.child_by_field_name("value"), ScopeKind.REQUEST, "tRPC context")
            if name is not None and prog.text(name) == "resolvers":
                self._mark_resolver_map(decl.child_by_field_name("value"))
        for fn in prog.nodes("function_declaration"):
            name = fn.child_by_field_name("name")
            if name is not None and prog.text(name) in ("createContext", "createTRPCContext"):
                self.mark(fn, ScopeKind.REQUEST, "tRPC context")
        for cls in prog.nodes("class_declaration", "class"):
            self._mark_class(cls)
        # function-level 'use server'
        for fn in prog.functions.values():
            body = fn.child_by_field_name("body")
            if body is not None and body.type == "statement_block" and body.named_children:
                first = body.named_children[0]
                if first.type == "expression_statement" and first.named_children and \
                        string_value(prog, first.named_children[0]) == "use server":
                    self.mark(fn, ScopeKind.REQUEST, "Next.js server action")
                    self.traits.append(("use-server", first, function_name(prog, fn) or ""))
        if not self.worker and self.framework_hint == "Hono" and self._reads_bindings():
            self.worker = True
            self.traits.append(("cloudflare-worker", None, "Hono handlers read c.env bindings"))
        if self.worker or self._edge_runtime():
            for fid, scope in list(self.marks.items()):
                if scope.kind is ScopeKind.REQUEST:
                    self.marks[fid] = Scope(ScopeKind.EDGE_REQUEST, scope.framework, scope.name,
                                            scope.span)

    def _edge_runtime(self) -> bool:
        """Next.js route segment config `export const runtime = 'edge'`: the handlers run on
        an edge runtime, where a client per request is the documented pattern."""
        prog = self.prog
        for stmt in prog.root.named_children:
            decl = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else None
            if decl is None or decl.type != "lexical_declaration":
                continue
            for d in decl.named_children:
                if d.type != "variable_declarator":
                    continue
                name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
                if name is not None and prog.text(name) == "runtime" and \
                        string_value(prog, value) in ("edge", "experimental-edge"):
                    return True
        return False

    def _reads_bindings(self) -> bool:
        """`c.env.X` in a Hono app: Workers bindings, so the handlers run on Workers."""
        for node in self.prog.nodes("member_expression"):
            prop = node.child_by_field_name("property")
            obj = strip(node.child_by_field_name("object"))
            if prop is not None and self.prog.text(prop) == "env" and obj is not None \
                    and obj.type == "identifier" and self.prog.text(obj) in ("c", "ctx", "context"):
                return True
        return False

    def _exports(self):
        """(exported name, value node, anchor) for `export function/const`, `export default`,
        `exports.x =`, `module.exports.x =`, `module.exports = ...`."""
        prog = self.prog
        for stmt in prog.root.named_children:
            if stmt.type == "export_statement":
                decl = stmt.child_by_field_name("declaration")
                value = stmt.child_by_field_name("value")
                if value is not None:
                    yield "default", value, stmt
                elif decl is not None:
                    if decl.type in ("function_declaration", "generator_function_declaration",
                                     "class_declaration"):
                        name = decl.child_by_field_name("name")
                        is_default = any(c.type == "default" for c in stmt.children)
                        yield ("default" if is_default else prog.text(name) if name else None), decl, decl
                    elif decl.type in ("lexical_declaration", "variable_declaration"):
                        for d in decl.named_children:
                            if d.type == "variable_declarator":
                                name = d.child_by_field_name("name")
                                yield prog.text(name), d.child_by_field_name("value"), d
                else:
                    # export { GET, handler as POST }
                    for clause in stmt.named_children:
                        if clause.type != "export_clause":
                            continue
                        for spec in clause.named_children:
                            local = spec.child_by_field_name("name")
                            alias = spec.child_by_field_name("alias") or local
                            if local is not None:
                                yield prog.text(alias), local, spec
            elif stmt.type == "expression_statement" and stmt.named_children:
                expr = stmt.named_children[0]
                if expr.type != "assignment_expression":
                    continue
                left = expr.child_by_field_name("left")
                right = expr.child_by_field_name("right")
                text = prog.text(left)
                if text == "module.exports":
                    if strip(right) is not None and strip(right).type == "object":
                        for member in strip(right).named_children:
                            if member.type == "pair":
                                yield prog.text(member.child_by_field_name("key")), \
                                    member.child_by_field_name("value"), member
                            elif member.type == "shorthand_property_identifier":
                                yield prog.text(member), member, member
                            elif member.type == "method_definition":
                                yield function_name(prog, member), member, member
                    else:
                        yield "module.exports", right, expr
                elif text.startswith(("exports.", "module.exports.")):
                    yield text.rsplit(".", 1)[1], right, expr

    def _mark_export(self, name, value, anchor, use_server: bool) -> None:
        path, parts, stem = self.path, self.path.parts, self.path.stem
        dirs = parts[:-1]
        R = ScopeKind.REQUEST
        value_s = strip(value)
        if name == "default" and value_s is not None and value_s.type == "object":
            keys = {self.prog.text(m.child_by_field_name("name") or m.child_by_field_name("key") or m)
                    for m in value_s.named_children if m.type in ("method_definition", "pair")}
            keys |= {self.prog.text(m) for m in value_s.named_children
                     if m.type == "shorthand_property_identifier"}
            if keys & {"fetch", "scheduled", "queue", "email", "tail"}:
                self.worker = True
                self.traits.append(("cloudflare-worker", value_s, "export default { fetch }"))
                for m in value_s.named_children:
                    key = m.child_by_field_name("name") or m.child_by_field_name("key")
                    if key is None or self.prog.text(key) not in {"fetch", "scheduled", "queue",
                                                                  "email", "tail"}:
                        continue
                    fn_value = m if m.type == "method_definition" else m.child_by_field_name("value")
                    self.mark(fn_value, ScopeKind.EDGE_REQUEST, "Cloudflare Workers", self.prog.text(key))
                return
        if "app" in dirs and stem == "route" and name in HTTP_METHODS:
            return self.mark(value, R, "Next.js app router", name)
        if "app" in dirs and stem in ("page", "layout", "template", "default") and \
                (name == "default" or name == "generateMetadata"):
            return self.mark(value, R, "Next.js app router", name if name != "default" else stem)
        if "pages" in dirs:
            i = dirs.index("pages")
            if "api" in dirs[i + 1:i + 2] and name == "default":
                return self.mark(value, R, "Next.js pages router", "default")
            if name in ("getServerSideProps", "getInitialProps"):
                return self.mark(value, R, "Next.js pages router", name)
        if stem in ("middleware", "proxy") and name in ("middleware", "proxy", "default"):
            return self.mark(value, R, "Next.js middleware", name)
        if stem == "instrumentation" and name == "register":
            return self.mark(value, ScopeKind.STARTUP, "Next.js", name)
        if use_server and name not in (None, "default") or use_server and name == "default":
            return self.mark(value, R, "Next.js server action", name)
        if stem == "+server" and (name in HTTP_METHODS or name == "fallback"):
            return self.mark(value, R, "SvelteKit", name)
        if stem in ("+page.server", "+layout.server"):
            if name == "load":
                return self.mark(value, R, "SvelteKit", name)
            if name == "actions":
                return self.mark(value, R, "SvelteKit", name, methods_of_object=True)
        if stem == "hooks.server" and name in ("handle", "handleFetch", "handleError"):
            return self.mark(value, R, "SvelteKit", name)
        if "functions" in dirs and name and name.startswith("onRequest") and "netlify" not in dirs:
            self.worker = True
            self.traits.append(("cloudflare-worker", anchor, "Pages Functions"))
            return self.mark(value, ScopeKind.EDGE_REQUEST, "Cloudflare Pages Functions", name)
        if "pages" in dirs and name in HTTP_METHODS | {"ALL"} and path.suffix in (".ts", ".js", ".mjs"):
            return self.mark(value, R, "Astro", name)
        if name == "onRequest":
            return self.mark(value, R, "Astro middleware", name)
        if name in ("loader", "action"):
            return self.mark(value, R, "Remix / React Router", name)
        if name in ("handler", "lambdaHandler") or name == "module.exports" and self._azure_v3(value):
            framework = "Azure Functions" if name == "module.exports" else "AWS Lambda"
            return self.mark(value, R, framework, name)
        if name == "default" and "functions" in dirs and "netlify" in dirs:
            return self.mark(value, R, "Netlify Functions", "default")
        if name == "default" and dirs and dirs[0] == "api":
            return self.mark(value, R, "Vercel Functions", "default")

    def _azure_v3(self, value) -> bool:
        fns = self.functions_of(value)
        return bool(fns) and any(
            self.prog.text(p) == "context" for p in (fns[0].child_by_field_name("parameters").named_children
                                                    if fns[0].child_by_field_name("parameters") else ())
            for p in [p.child_by_field_name("pattern") or p])

    def _check_main_call(self, expr) -> None:
        """`main()`, `main().catch(...).finally(...)`, `void main()`, `await main()`."""
        while expr is not None and expr.type == "call_expression":
            fn = strip(expr.child_by_field_name("function"))
            if fn is None:
                return
            if fn.type == "identifier":
                b = resolve(self.prog, self.prog.text(fn), fn)
                if b is not None and self.functions_of(fn):
                    self.calls_own_main = True
                    for f in self.functions_of(fn):
                        self.marks.setdefault(f.id, Scope(ScopeKind.SCRIPT, None, self.prog.text(fn),
                                                          self._fn_span(f)))
                return
            if fn.type == "member_expression":
                expr = strip(fn.child_by_field_name("object"))
                continue
            return

    def _mark_call(self, call) -> None:
        prog = self.prog
        fn = strip(call.child_by_field_name("function"))
        args = call.child_by_field_name("arguments")
        if fn is None or args is None:
            return
        argv = [a for a in args.named_children if a.type != "comment"]
        R = ScopeKind.REQUEST
        if fn.type == "identifier":
            name = prog.text(fn)
            if name in TEST_HOOKS:
                for a in argv:
                    self.mark(a, TEST_HOOKS[name], "tests", name)
            elif name in EVENT_HANDLER_CALLS:
                for a in argv:
                    if strip(a) is not None and strip(a).type == "object":
                        for m in strip(a).named_children:
                            if m.type == "pair" and prog.text(m.child_by_field_name("key")) == "handler":
                                self.mark(m.child_by_field_name("value"), R, "Nuxt / Nitro", name)
                    else:
                        self.mark(a, R, "Nuxt / Nitro", name)
            elif name == "createMiddleware":
                for a in argv:
                    self.mark(a, R, "Hono", name)
            elif name == "addEventListener" and argv and string_value(prog, argv[0]) == "fetch":
                self.worker = True
                self.traits.append(("cloudflare-worker", call, "addEventListener('fetch')"))
                for a in argv[1:]:
                    self.mark(a, ScopeKind.EDGE_REQUEST, "Cloudflare Workers", "fetch")
            elif name in ("defineAction", "defineMiddleware"):
                for a in argv:
                    self._mark_handler_property(a, "Astro", name)
                    if name == "defineMiddleware":
                        self.mark(a, R, "Astro middleware", name)
            return
        if fn.type != "member_expression":
            return
        root, segments = member_chain(prog, fn)
        method = segments[-1] if segments else ""
        receiver = strip(fn.child_by_field_name("object"))
        if method == "addHook" and argv and string_value(prog, argv[0]) in FASTIFY_HOOKS:
            for a in argv[1:]:
                self.mark(a, R, "Fastify", string_value(prog, argv[0]))
            return
        if method in ("http", "cloudEvent") and root is not None and prog.text(root) in (
                "functions", "ff") and argv:
            for a in argv[1:]:
                self.mark(a, R, "Google Cloud Functions", string_value(prog, argv[0]))
            return
        if method in ("http", "timer", "storageQueue", "serviceBusQueue", "eventHub") and len(argv) >= 2 \
                and string_value(prog, argv[0]) is not None:
            self._mark_handler_property(argv[1], "Azure Functions", string_value(prog, argv[0]))
            return
        if method in ("query", "mutation", "subscription") and argv:
            if receiver is not None and receiver.type in ("call_expression", "member_expression",
                                                          "identifier") and self._not_a_db(root):
                for a in argv:
                    self.mark(a, R, "tRPC", method)
            return
        if method == "route" and argv:
            self._mark_handler_property(argv[0], self.framework_hint, "route")
        if method in ROUTE_METHODS and self._not_a_db(root):
            if method == "on" and self.framework_hint != "Hono":
                return
            if any(strip(a) is not None and strip(a).type in FUNCTION_TYPES | {"identifier", "call_expression"}
                   for a in argv):
                for a in argv:
                    if string_value(prog, a) is None:
                        self.mark(a, R, self.framework_hint, None)
                        if strip(a) is not None and strip(a).type == "object":
                            self._mark_handler_property(a, self.framework_hint, method)

    def _not_a_db(self, root) -> bool:
        """Route registration receivers are apps and routers, never clients or pools."""
        if root is None:
            return True
        text = self.prog.text(root)
        return not text.startswith("$") and "prisma" not in text.lower() and text not in (
            "pool", "db", "client", "tx", "Promise", "Object", "Reflect", "Map", "cache", "map",
            "headers", "searchParams", "params", "formData", "url")

    def _mark_handler_property(self, obj, framework, name) -> None:
        obj = strip(obj)
        if obj is None or obj.type != "object":
            return
        for m in obj.named_children:
            key = m.child_by_field_name("key") if m.type == "pair" else m.child_by_field_name("name")
            if key is None or self.prog.text(key) != "handler":
                continue
            self.mark(m.child_by_field_name("value") if m.type == "pair" else m,
                      ScopeKind.REQUEST, framework, name)

    def _mark_pair(self, pair) -> None:
        prog = self.prog
        key = pair.child_by_field_name("key")
        value = pair.child_by_field_name("value")
        if key is None or value is None:
            return
        k = prog.text(key).strip("'\"")
        if k == "context" and strip(value) is not None and strip(value).type in FUNCTION_TYPES | {"identifier"}:
            self.mark(value, ScopeKind.REQUEST, "GraphQL context", "context")
        elif k in ("Query", "Mutation", "Subscription"):
            self.mark(value, ScopeKind.REQUEST, "GraphQL resolver", None, methods_of_object=True)
        elif k == "resolve":
            self.mark(value, ScopeKind.REQUEST, "GraphQL resolver", "resolve")
        elif k == "resolvers":
            self._mark_resolver_map(value)
        elif k == "createContext":
            self.mark(value, ScopeKind.REQUEST, "tRPC context", "createContext")

    def _mark_resolver_map(self, value) -> None:
        value = strip(value)
        if value is None or value.type != "object":
            return
        for m in value.named_children:
            if m.type == "pair":
                self.mark(m.child_by_field_name("value"), ScopeKind.REQUEST, "GraphQL resolver",
                          None, methods_of_object=True)

    def _mark_class(self, cls) -> None:
        prog = self.prog
        decorators = [c for c in cls.children if c.type == "decorator"]
        if cls.parent is not None and cls.parent.type == "export_statement":
            decorators += [c for c in cls.parent.children if c.type == "decorator"]
        deco_names = {self._decorator_name(d) for d in decorators}
        request_provider = any(
            "Scope.REQUEST" in prog.text(d) for d in decorators if self._decorator_name(d) == "Injectable")
        body = cls.child_by_field_name("body")
        if body is None:
            return
        pending: list = []
        for member in body.named_children:
            if member.type == "decorator":
                pending.append(self._decorator_name(member))
                continue
            if member.type != "method_definition":
                pending = []
                continue
            name = function_name(prog, member)
            if name in STARTUP_METHODS:
                self.mark(member, ScopeKind.STARTUP, "NestJS", name)
            elif name in TEARDOWN_METHODS:
                self.mark(member, ScopeKind.TEARDOWN, "NestJS", name)
            elif "Controller" in deco_names and set(pending) & NEST_ROUTE_DECORATORS:
                self.mark(member, ScopeKind.REQUEST, "NestJS", name)
            elif "Resolver" in deco_names and set(pending) & NEST_RESOLVER_DECORATORS:
                self.mark(member, ScopeKind.REQUEST, "NestJS GraphQL", name)
            elif request_provider:
                self.mark(member, ScopeKind.REQUEST, "NestJS request-scoped provider", name)
            pending = []

    def _decorator_name(self, deco) -> str:
        expr = deco.named_children[0] if deco.named_children else None
        if expr is not None and expr.type == "call_expression":
            expr = expr.child_by_field_name("function")
        return self.prog.text(expr).rsplit(".", 1)[-1] if expr is not None else ""

    # -- propagation through same-file calls ---------------------------------------
    def _propagate(self) -> None:
        prog = self.prog
        calls_in: dict[int, list] = {}
        for call in prog.nodes("call_expression"):
            fn = strip(call.child_by_field_name("function"))
            if fn is None or fn.type != "identifier":
                continue
            owner = enclosing_function(call)
            if owner is None:
                continue
            calls_in.setdefault(owner.id, []).append(call)
        # a nested function's calls count for the handler that contains it
        frontier = []
        for fid, scope in self.marks.items():
            if scope.per_request:
                frontier.append((prog.functions[fid], scope, 0))
        seen = set(self.marks)
        while frontier:
            fn, scope, depth = frontier.pop()
            if depth >= MAX_CALL_DEPTH:
                continue
            for inner_id in self._functions_within(fn):
                for call in calls_in.get(inner_id, ()):
                    callee = strip(call.child_by_field_name("function"))
                    for target in self.functions_of(callee):
                        if target.id in seen or self._contains(fn, target):
                            continue
                        seen.add(target.id)
                        name = prog.text(callee)
                        via = scope.via + (Related(self.report_path, self.span(call.start_byte, call.end_byte),
                                                   f"`{scope.name or 'the handler'}` calls `{name}` here"),)
                        new = Scope(scope.kind, scope.framework, scope.name, scope.span, via,
                                    callee=name)
                        self.marks[target.id] = new
                        frontier.append((target, new, depth + 1))

    def _functions_within(self, fn):
        """`fn` and the unmarked functions nested in it (sorted by start: a bisect range)."""
        import bisect
        if not hasattr(self, "_sorted_fns"):
            self._sorted_fns = sorted(self.prog.functions.values(), key=lambda n: n.start_byte)
            self._starts = [n.start_byte for n in self._sorted_fns]
        out = [fn.id]
        i = bisect.bisect_left(self._starts, fn.start_byte)
        while i < len(self._sorted_fns) and self._starts[i] < fn.end_byte:
            other = self._sorted_fns[i]
            if other.id != fn.id and other.end_byte <= fn.end_byte and other.id not in self.marks:
                out.append(other.id)
            i += 1
        return out

    @staticmethod
    def _contains(outer, inner) -> bool:
        return inner.start_byte >= outer.start_byte and inner.end_byte <= outer.end_byte

    # -- queries -----------------------------------------------------------------
    def of_function(self, fn) -> Scope:
        if self.test_file:
            mark = self.marks.get(fn.id)
            return mark if mark is not None and mark.kind is ScopeKind.TEARDOWN else self.default
        if self.script_file:
            return self.default
        chain = []
        node = fn
        result = None
        while node is not None:
            if node.id in self._memo:
                result = self._memo[node.id]
                break
            mark = self.marks.get(node.id)
            if mark is not None:
                result = mark
                break
            chain.append(node)
            node = enclosing_function(node)
        if result is None:
            result = self.default or Scope(ScopeKind.FUNCTION)
        for n in chain:
            self._memo[n.id] = result
        return result

    def at(self, node) -> Scope:
        fn = enclosing_function(node)
        if fn is None:
            return self.module_scope
        return self.of_function(fn)
