"""TypeScript/JavaScript front-end on tree-sitter (TS grammar for .ts/.mts/.cts, TSX for the rest).

Turns a program into language-neutral facts: client constructions (Prisma clients, pg/Neon
pools, Prisma 7 driver adapters), lifecycle calls, interactive transactions and the calls
inside them (following same-file helpers), parallel query fan-outs, connection-URL
literals, URL query concatenations and file traits. Scopes come from `ts_scopes`.

Error-tolerant: a file with syntax errors still yields facts for the parts that parse,
plus a ParseProblem (PC900) for the first error once a conformant parser has confirmed it
(`ts_syntax`): tree-sitter-typescript rejects some valid TypeScript, and on such a file the
recovered tree is analysed and nothing is said about syntax.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..diagnostics import Related
from ..discovery import PROJECT_IMPORT_PREFIXES
from ..facts import (UNKNOWN, ClientCall, ClientConstruction, FileFacts, ParallelQueries,
                     ParseProblem, Scope, ScopeKind, Trait, Transaction, TransactionCall,
                     UrlConcatenation, UrlLiteral)
from ..sources import Source
from ..urls import env_name_holds_url, is_accelerate, looks_like_connection_url
from .ts_model import (DISTINCT_QUERY_METHODS, FUNCTION_TYPES, GLOBAL_OBJECTS, ITERATING_METHODS,
                       LOOP_TYPES, QUERY_METHODS, RAW_METHODS, Binding, Program,
                       awaits_itself, build, class_of,
                       enclosing_function, import_of, is_prisma_module, member_chain,
                       params_of, resolve, strip, string_value)
from .ts_scopes import MEMO_CALLS, Scopes
from .ts_syntax import is_declaration_file, mismatched_jsx_closings, syntax_error

__all__ = ["analyse", "analyse_program", "grammar_for", "is_prisma_module"]

URL_ROLES = {"datasourceUrl": "datasourceUrl", "connectionString": "connectionString",
             "url": "url", "accelerateUrl": "accelerateUrl", "databaseUrl": "url"}
LIFECYCLE = {"$connect": "connect", "$disconnect": "disconnect", "$use": "use", "$on": "on"}
MAX_HELPER_DEPTH = 3


def grammar_for(kind: str, path: PurePosixPath) -> str:
    if kind == "typescript" and path.suffix in (".ts", ".mts", ".cts"):
        return "typescript"
    return "tsx"


def analyse(source: Source, settings, symbols: bool = False) -> FileFacts:
    """The file's facts; its symbols too when asked (`symbols`, the linker's second round)
    or when the file seeds the link (a transaction, a client built or connected in a function)."""
    path = PurePosixPath(source.path.as_posix())
    language = "javascript" if source.kind == "javascript" else "typescript"
    facts = FileFacts(path=source.path, language=language)
    analyser = analyse_program(source.data, grammar_for(source.kind, path), path, source.span, facts)
    from ..linker.ts_symbols import extract, seeds_link

    if symbols or seeds_link(facts):
        facts.symbols = extract(analyser)  # the linker's view of the file, from the same tree
    return facts


def analyse_with_symbols(source: Source, settings) -> FileFacts:
    return analyse(source, settings, symbols=True)


def analyse_program(data: bytes, grammar: str, path: PurePosixPath, span, facts: FileFacts,
                    module_scope: Scope | None = None) -> "_Analyser":
    """Add the facts of one program to `facts`; `span(start_byte, end_byte)` maps positions
    (embedded code passes a buffer whose byte offsets are the host file's)."""
    prog = build(data, grammar)
    # tree-sitter's verdict alone is not enough either way: see ts_syntax
    mismatched = mismatched_jsx_closings(prog.by_type.get("jsx_element", ()), data)
    if prog.root.has_error or mismatched:
        problem = syntax_error(prog.root, data, grammar, is_declaration_file(path.name), mismatched)
        if problem is not None:
            facts.add(ParseProblem(span(problem.start_byte, problem.end_byte),
                                   f"{problem.message}; the rest of the file was still checked"))
    analyser = _Analyser(prog, path, span, facts, module_scope)
    analyser.run()
    return analyser


def _descendants(node, node_type: str):
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == node_type:
            yield n
        stack.extend(n.named_children)


def _number(prog: Program, node):
    node = strip(node)
    if node is None:
        return None
    if node.type == "number":
        text = prog.text(node).replace("_", "")
        try:
            return int(text, 0) if text.isdigit() or text.lower().startswith("0x") else float(text)
        except ValueError:
            return None
    if node.type == "binary_expression":
        left = _number(prog, node.child_by_field_name("left"))
        right = _number(prog, node.child_by_field_name("right"))
        op = prog.text(node.child_by_field_name("operator"))
        if left is None or right is None:
            return None
        if op == "*":
            return left * right
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "/" and right:
            return left / right
    return None


def _literal(prog: Program, node):
    node = strip(node)
    if node is None:
        return UNKNOWN
    value = string_value(prog, node)
    if value is not None:
        return value
    if node.type in ("true", "false"):
        return node.type == "true"
    if node.type == "null":
        return None
    number = _number(prog, node)
    if number is not None:
        return int(number) if isinstance(number, float) and number.is_integer() else number
    return UNKNOWN


class _Analyser:
    def __init__(self, prog: Program, path, span, facts: FileFacts, module_scope):
        self.prog = prog
        self.path = path
        self.span_of = span
        self.facts = facts
        self.scopes = Scopes(prog, path, self.node_span, module_scope, facts.path)
        self.local_classes: dict[str, str] = {}
        self._client_cache: dict[tuple, bool] = {}
        self._clientlike: set[tuple[int, str]] = set()
        self._clientlike_this: set[str] = set()

    def node_span(self, start, end):
        return self.span_of(start, end)

    def span(self, node):
        return self.span_of(node.start_byte, node.end_byte)

    def text(self, node) -> str:
        return self.prog.text(node)

    # ------------------------------------------------------------------------------
    def run(self) -> None:
        self._classes()
        self._collect_clientlike()
        for name, node, detail in self.scopes.traits:
            self.facts.add(Trait(name, self.span(node) if node is not None else None, detail))
        self._global_caches()
        self._nest_providers()
        for node in self.prog.nodes("new_expression"):
            self._construction(node)
        for call in self.prog.nodes("call_expression"):
            self._call(call)
        self._urls()

    # -- classes (NestJS PrismaService extends PrismaClient) ---------------------------
    def _classes(self) -> None:
        prog = self.prog
        for cls in prog.nodes("class_declaration", "class"):
            heritage = next((c for c in cls.named_children if c.type == "class_heritage"), None)
            if heritage is None:
                continue
            ext = next((c for c in heritage.named_children if c.type == "extends_clause"), None)
            value = ext.child_by_field_name("value") if ext is not None else None
            if value is None:
                continue
            kind = class_of(prog, value, self.local_classes)
            name = cls.child_by_field_name("name")
            if kind is None or name is None:
                continue
            self.local_classes[self.text(name)] = kind[0]
            if kind[0] == "prisma":
                self.facts.add(Trait("nestjs-prisma-service", self.span(name), self.text(name)))
                self._super_construction(cls, self.text(name))

    def _super_construction(self, cls, name: str) -> None:
        """`super({ transactionOptions })` in a class extending PrismaClient: the options of a
        client that dependency injection constructs once."""
        stack = [cls]
        while stack:
            node = stack.pop()
            if node.type == "call_expression":
                fn = node.child_by_field_name("function")
                if fn is not None and fn.type == "super":
                    options, spans = self._options(node)
                    self.facts.add(ClientConstruction(
                        span=self.span(node), kind="prisma", class_name=name,
                        scope=Scope(ScopeKind.STARTUP, "NestJS", name), binding=name,
                        memoised=True, options=options, option_spans=spans,
                        accelerate=self._accelerate(options, node)))
            stack.extend(node.named_children)

    # -- NestJS providers (traits for PC103) ---------------------------------------------
    def _nest_providers(self) -> None:
        """`@Module({ providers: [PrismaService] })` entries and request-scoped providers.

        Emits Trait("nestjs-provider", span, class) per providers entry and
        Trait("nestjs-request-scope", span, class) for `@Injectable({ scope: Scope.REQUEST })`
        or a `{ provide, scope: Scope.REQUEST }` entry; PC103 keeps the ones whose class
        extends PrismaClient anywhere in the project."""
        for deco in self.prog.nodes("decorator"):
            call = deco.named_children[0] if deco.named_children else None
            if call is None or call.type != "call_expression":
                continue
            fn = call.child_by_field_name("function")
            name = self.text(fn).rsplit(".", 1)[-1] if fn is not None else ""
            args = call.child_by_field_name("arguments")
            arg = strip(args.named_children[0]) if args is not None and args.named_children else None
            if arg is None or arg.type != "object":
                continue
            if name == "Module":
                providers = self._object_value(arg, "providers")
                if providers is not None and providers.type == "array":
                    for entry in providers.named_children:
                        self._nest_provider_entry(strip(entry))
            elif name == "Injectable" and self._request_scoped(arg):
                cls = deco.parent
                if cls is not None and cls.type == "export_statement":
                    cls = cls.child_by_field_name("declaration")
                cname = cls.child_by_field_name("name") if cls is not None else None
                if cname is not None:
                    self.facts.add(Trait("nestjs-request-scope", self.span(cname), self.text(cname)))

    def _nest_provider_entry(self, entry) -> None:
        if entry is None:
            return
        if entry.type == "identifier":
            self.facts.add(Trait("nestjs-provider", self.span(entry), self.text(entry)))
            return
        if entry.type != "object":
            return
        target = self._object_value(entry, "useClass") or self._object_value(entry, "provide")
        if target is None or target.type != "identifier":
            return
        self.facts.add(Trait("nestjs-provider", self.span(target), self.text(target)))
        if self._request_scoped(entry):
            self.facts.add(Trait("nestjs-request-scope", self.span(target), self.text(target)))

    def _object_value(self, obj, key: str):
        for pair in obj.named_children:
            if pair.type == "pair":
                k = pair.child_by_field_name("key")
                if k is not None and self.text(k).strip("'\"") == key:
                    return strip(pair.child_by_field_name("value"))
        return None

    def _request_scoped(self, obj) -> bool:
        scope = self._object_value(obj, "scope")
        return scope is not None and self.text(scope).replace(" ", "").endswith("Scope.REQUEST")

    # -- which names are clients ---------------------------------------------------------
    def _collect_clientlike(self) -> None:
        """Names used the way only a Prisma client is used: `x.$transaction(...)`,
        `x.user.findMany(...)`. An imported `db` is a client because of how it is used."""
        for call in self.prog.nodes("call_expression"):
            root, segments = member_chain(self.prog, call.child_by_field_name("function"))
            if root is None or not segments:
                continue
            last = segments[-1]
            if not (last.startswith("$") and (last in LIFECYCLE or last in RAW_METHODS
                                              or last in ("$transaction", "$extends"))
                    or len(segments) == 2 and last in DISTINCT_QUERY_METHODS):
                continue
            if root.type == "identifier":
                b = resolve(self.prog, self.text(root), root)
                if b is not None:
                    self._clientlike.add(b.key)
            elif root.type == "this" and len(segments) >= 2:
                self._clientlike_this.add(segments[0])

    def is_client_binding(self, b: Binding | None, depth: int = 0) -> bool:
        if b is None or depth > 5:
            return False
        if b.key in self._clientlike:
            return True
        if b.kind in ("local", "module") and not b.path:
            return self._is_client_expr(b.init, depth + 1)
        return False

    def _is_client_expr(self, node, depth: int = 0) -> bool:
        node = strip(node)
        if node is None or depth > 5:
            return False
        if node.type == "new_expression":
            kind = class_of(self.prog, node.child_by_field_name("constructor"), self.local_classes)
            return kind is not None and kind[0] == "prisma"
        if node.type == "binary_expression":
            return any(self._is_client_expr(node.child_by_field_name(f), depth + 1)
                       for f in ("left", "right"))
        if node.type == "call_expression":
            fn = strip(node.child_by_field_name("function"))
            if fn is not None and fn.type == "member_expression":
                prop = fn.child_by_field_name("property")
                if prop is not None and self.text(prop) == "$extends":
                    return self._is_client_expr(fn.child_by_field_name("object"), depth + 1)
            return False
        if node.type == "identifier":
            return self.is_client_binding(resolve(self.prog, self.text(node), node), depth + 1)
        if node.type == "member_expression":
            root, segs = member_chain(self.prog, node)
            return root is not None and self._is_global_object(root) and len(segs) == 1 \
                and "risma" in segs[0] or segs[:1] == ["db"]
        return False

    def _is_global_object(self, node) -> bool:
        """`globalThis`, `global`, or a name bound to `globalThis as unknown as {...}`."""
        node = strip(node)
        if node is None:
            return False
        if node.type == "identifier":
            name = self.text(node)
            if name in GLOBAL_OBJECTS:
                return resolve(self.prog, name, node) is None
            b = resolve(self.prog, name, node)
            if b is not None and b.kind in ("module", "local") and not b.path:
                init = strip(b.init)
                return init is not None and init.type == "identifier" and self.text(init) in GLOBAL_OBJECTS
        return False

    # -- global caches (trait for PC102) -------------------------------------------------
    def _global_caches(self) -> None:
        for node in self.prog.nodes("member_expression"):
            obj = strip(node.child_by_field_name("object"))
            prop = node.child_by_field_name("property")
            if obj is None or prop is None or not self._is_global_object(obj):
                continue
            parent = node.parent
            write = parent is not None and parent.type in ("assignment_expression",
                                                           "augmented_assignment_expression") \
                and parent.child_by_field_name("left") == node
            if parent is not None and parent.type == "augmented_assignment_expression":
                detail = f"readwrite:{self.text(prop)}"
            else:
                detail = f"{'write' if write else 'read'}:{self.text(prop)}"
            if write and self._inside_production_only(node):
                detail += ":production-only"
            self.facts.add(Trait("global-cache", self.span(node), detail))

    def _inside_production_only(self, node) -> bool:
        """Whether `node` runs only when NODE_ENV is "production": in the `if` branch of
        `NODE_ENV === "production"` or the `else` branch of `NODE_ENV !== "production"`."""
        child, parent = node, node.parent
        while parent is not None and parent.type not in FUNCTION_TYPES:
            if parent.type == "if_statement":
                test = self._production_test(parent.child_by_field_name("condition"))
                if test is not None:
                    in_else = child.type == "else_clause" or child == parent.child_by_field_name("alternative")
                    if test != in_else:
                        return True
            elif parent.type == "ternary_expression":
                test = self._production_test(parent.child_by_field_name("condition"))
                if test is not None and child != parent.child_by_field_name("condition"):
                    in_else = child == parent.child_by_field_name("alternative")
                    if test != in_else:
                        return True
            child, parent = parent, parent.parent
        return False

    def _production_test(self, condition) -> bool | None:
        """True for `NODE_ENV === "production"`, False for `!==`, None for anything else."""
        cond = strip(condition)
        if cond is None or cond.type != "binary_expression":
            return None
        operator = cond.child_by_field_name("operator")
        op = self.text(operator) if operator is not None else ""
        if op not in ("===", "==", "!==", "!="):
            return None
        sides = [strip(cond.child_by_field_name("left")), strip(cond.child_by_field_name("right"))]
        texts = [self.text(x) if x is not None else "" for x in sides]
        has_env = any(t.endswith("NODE_ENV") or t.endswith("['NODE_ENV']") or t.endswith('["NODE_ENV"]')
                      for t in texts)
        has_prod = any(x is not None and x.type == "string" and self.text(x)[1:-1] == "production"
                       for x in sides)
        if not (has_env and has_prod):
            return None
        return op in ("===", "==")

    # -- constructions -----------------------------------------------------------------
    def _construction(self, node) -> None:
        kind = class_of(self.prog, node.child_by_field_name("constructor"), self.local_classes)
        if kind is None:
            return
        options, spans = self._options(node)
        scope = self.scopes.at(node)
        top = self._expression_top(node)
        binding = None
        if top.parent is not None and top.parent.type == "variable_declarator":
            name = top.parent.child_by_field_name("name")
            binding = self.text(name) if name is not None and name.type == "identifier" else None
        self.facts.add(ClientConstruction(
            span=self.span(node), kind=kind[0], class_name=kind[1], scope=scope, binding=binding,
            memoised=self._memoised(node, top), in_loop=self._in_loop(node),
            accelerate=self._accelerate(options, node), options=options, option_spans=spans))

    def _expression_top(self, node):
        """Climb from `new X()` through wrappers, `.$extends(...)` chains and `??`/`||`."""
        while node.parent is not None:
            parent = node.parent
            if parent.type in ("parenthesized_expression", "non_null_expression", "as_expression",
                               "satisfies_expression", "await_expression"):
                node = parent
            elif parent.type == "member_expression" and parent.parent is not None and \
                    parent.parent.type == "call_expression" and \
                    self.text(parent.child_by_field_name("property") or parent) == "$extends":
                node = parent.parent
            elif parent.type == "binary_expression" and self.text(
                    parent.child_by_field_name("operator")) in ("??", "||"):
                node = parent
            else:
                break
        return node

    def _memoised(self, node, top) -> bool:
        parent = top.parent
        if top.type == "binary_expression":
            left = strip(top.child_by_field_name("left"))
            root, _ = member_chain(self.prog, left) if left is not None else (None, [])
            if root is not None and (self._is_global_object(root) or self._module_binding(root)):
                return True
        if parent is not None and parent.type in ("assignment_expression",
                                                  "augmented_assignment_expression"):
            left = strip(parent.child_by_field_name("left"))
            root, _ = member_chain(self.prog, left)
            if root is not None and (self._is_global_object(root) or self._module_binding(root)):
                return True
            if root is not None and root.type == "this":
                return False
        if parent is not None and parent.type == "arguments":
            call = parent.parent
            fn = strip(call.child_by_field_name("function")) if call is not None else None
            if fn is not None and fn.type == "member_expression" and \
                    self.text(fn.child_by_field_name("property")) == "set":
                root, _ = member_chain(self.prog, fn)
                if root is not None and (self._module_binding(root) or self._is_global_object(root)):
                    return True
        # inside a function handed to singleton()/cache()/once(), at any depth of nesting
        fn = enclosing_function(node)
        while fn is not None:
            holder = fn.parent
            while holder is not None and holder.type in ("parenthesized_expression",):
                holder = holder.parent
            if holder is not None and holder.type == "arguments":
                call = holder.parent
                callee = strip(call.child_by_field_name("function"))
                if callee is not None and self.text(callee).rsplit(".", 1)[-1] in MEMO_CALLS:
                    return True
            fn = enclosing_function(fn)
        return False

    def _module_binding(self, node) -> bool:
        node = strip(node)
        if node is None or node.type != "identifier":
            return False
        b = resolve(self.prog, self.text(node), node)
        return b is not None and b.owner == 0 and b.kind in ("module", "import")

    def _in_loop(self, node) -> bool:
        parent = node.parent
        while parent is not None:
            if parent.type in LOOP_TYPES:
                return True
            if parent.type in FUNCTION_TYPES:
                holder = parent.parent
                if holder is not None and holder.type == "arguments":
                    call = holder.parent
                    fn = strip(call.child_by_field_name("function"))
                    if fn is not None and fn.type == "member_expression" and \
                            self.text(fn.child_by_field_name("property")) in ITERATING_METHODS:
                        return True
                return False
            parent = parent.parent
        return False

    def _options(self, call):
        args = call.child_by_field_name("arguments")
        if args is None or not args.named_children:
            return (), ()
        first = strip(args.named_children[0])
        options: list = []
        spans: list = []
        if first is not None and first.type == "object":
            stack = [(first, "")]
            while stack:
                obj, prefix = stack.pop()
                for member in obj.named_children:
                    if member.type == "pair":
                        key_node = member.child_by_field_name("key")
                        key = string_value(self.prog, key_node) if key_node.type == "string" \
                            else self.text(key_node)
                        value = strip(member.child_by_field_name("value"))
                        full = prefix + key
                        if value is not None and value.type == "object":
                            stack.append((value, full + "."))
                            continue
                        options.append((full, _literal(self.prog, value)))
                        spans.append((full, self.span(value if value is not None else member)))
                    elif member.type == "shorthand_property_identifier":
                        full = prefix + self.text(member)
                        options.append((full, UNKNOWN))
                        spans.append((full, self.span(member)))
        elif first is not None:
            value = _literal(self.prog, first)
            key = "connectionString" if isinstance(value, str) else "pool"
            options.append((key, value))
            spans.append((key, self.span(first)))
        return tuple(options), tuple(spans)

    def _accelerate(self, options, node) -> bool:
        opts = dict(options)
        if "accelerateUrl" in opts:
            return True
        for key, value in opts.items():
            if isinstance(value, str) and is_accelerate(value):
                return True
        top = node
        while top.parent is not None and top.parent.type in ("parenthesized_expression", "member_expression",
                                                              "call_expression", "arguments"):
            top = top.parent
            if top.type == "call_expression" and "withAccelerate" in self.text(
                    top.child_by_field_name("arguments") or top):
                return True
        return False

    # -- calls ---------------------------------------------------------------------------
    def _call(self, call) -> None:
        fn = strip(call.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression":
            return
        root, segments = member_chain(self.prog, fn)
        method = segments[-1] if segments else ""
        receiver = strip(fn.child_by_field_name("object"))
        if method in LIFECYCLE:
            self._lifecycle(call, method, receiver)
        elif method == "$transaction":
            self._transaction(call, receiver)
        elif method in ("all", "allSettled") and root is not None and self.text(root) == "Promise":
            self._parallel(call)

    def _lifecycle(self, call, method, receiver) -> None:
        shared = True
        rroot, _ = member_chain(self.prog, receiver)
        if receiver is not None and receiver.type == "identifier":
            b = resolve(self.prog, self.text(receiver), receiver)
            if b is not None and b.kind == "local" and b.owner != 0:
                init = strip(b.init)
                if init is not None and (init.type == "new_expression" or self._is_client_expr(init)) \
                        and not self._is_global_read(init):
                    shared = False
                elif init is not None and self._fresh_factory_call(init):
                    shared = False  # `const db = getDb()` where getDb builds a client per call
        elif rroot is not None and rroot.type == "this":
            shared = True
        in_finally = False
        parent = call.parent
        while parent is not None and parent.type not in FUNCTION_TYPES:
            if parent.type == "finally_clause":
                in_finally = True
                break
            parent = parent.parent
        self.facts.add(ClientCall(
            span=self.span(call), method=LIFECYCLE[method], receiver=self.text(receiver),
            scope=self.scopes.at(call), receiver_shared=shared, in_finally=in_finally))

    def _fresh_factory_call(self, node) -> bool:
        """`getDb()` / `await createClient()` calling a same-file function that returns a
        client it builds on every call (`return new PrismaClient()`, `() => new Pool()`,
        `const c = new PrismaClient(); ...; return c`): that client lives for this call.
        The construction is PC101's finding; its disconnect is right (rules.md PC104)."""
        node = strip(node)
        if node is None or node.type != "call_expression":
            return False
        callee = strip(node.child_by_field_name("function"))
        if callee is None or callee.type != "identifier":
            return False
        fns = self.scopes.functions_of(callee)
        return len(fns) == 1 and self._returns_fresh_client(fns[0])

    def _returns_fresh_client(self, fn) -> bool:
        body = fn.child_by_field_name("body")
        if body is None:
            return False
        if body.type != "statement_block":
            return self._fresh_client_expr(body, fn)
        returns = [r for r in _descendants(body, "return_statement")
                   if (enclosing_function(r) is not None and enclosing_function(r).id == fn.id)]
        values = [strip(r.named_children[0]) if r.named_children else None for r in returns]
        return bool(values) and all(v is not None and self._fresh_client_expr(v, fn) for v in values)

    def _fresh_client_expr(self, node, fn) -> bool:
        node = strip(node)
        if node is None:
            return False
        if node.type == "new_expression":
            return class_of(self.prog, node.child_by_field_name("constructor"), self.local_classes) is not None
        if node.type == "call_expression":  # new PrismaClient().$extends(...)
            inner = strip(node.child_by_field_name("function"))
            return inner is not None and inner.type == "member_expression" and \
                self._fresh_client_expr(inner.child_by_field_name("object"), fn)
        if node.type == "identifier":
            b = resolve(self.prog, self.text(node), node)
            return b is not None and b.kind == "local" and b.owner == fn.id and not b.path and \
                strip(b.init) is not None and strip(b.init).type == "new_expression" and \
                self._fresh_client_expr(b.init, fn)
        return False

    def _is_global_read(self, node) -> bool:
        node = strip(node)
        if node is not None and node.type == "binary_expression":
            left = strip(node.child_by_field_name("left"))
            root, _ = member_chain(self.prog, left)
            return root is not None and (self._is_global_object(root) or self._module_binding(root))
        return False

    # -- transactions --------------------------------------------------------------------
    def _transaction(self, call, receiver) -> None:
        args = call.child_by_field_name("arguments")
        argv = [a for a in (args.named_children if args is not None else ()) if a.type != "comment"]
        if not argv:
            return
        body = strip(argv[0])
        timeout = max_wait = timeout_span = max_wait_span = None
        if len(argv) > 1 and strip(argv[1]) is not None and strip(argv[1]).type == "object":
            for member in strip(argv[1]).named_children:
                if member.type != "pair":
                    continue
                key = self.text(member.child_by_field_name("key"))
                value = member.child_by_field_name("value")
                number = _number(self.prog, value)
                if key == "timeout" and number is not None:
                    timeout, timeout_span = float(number), self.span(value)
                elif key == "maxWait" and number is not None:
                    max_wait, max_wait_span = float(number), self.span(value)
        tx_span = self.span(call)
        self.facts.add(Transaction(
            span=tx_span, receiver=self.text(receiver) if receiver is not None else "",
            scope=self.scopes.at(call), timeout_ms=timeout, timeout_span=timeout_span,
            max_wait_ms=max_wait, max_wait_span=max_wait_span))
        if body is None or body.type not in FUNCTION_TYPES:
            return
        params = params_of(body)
        tx_keys: set = set()
        if params:
            p = params[0]
            if p.type == "identifier":
                tx_keys.add((body.id, self.text(p)))
        _TxWalker(self, call, receiver, tx_span).walk(body, tx_keys, (), 0, {body.id})

    # -- Promise.all(xs.map(...)) -----------------------------------------------------------
    def _parallel(self, call) -> None:
        args = call.child_by_field_name("arguments")
        if args is None or not args.named_children:
            return
        inner = strip(args.named_children[0])
        if inner is None or inner.type != "call_expression":
            return
        fn = strip(inner.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression" or \
                self.text(fn.child_by_field_name("property")) != "map":
            return
        margs = inner.child_by_field_name("arguments")
        mapper = strip(margs.named_children[0]) if margs is not None and margs.named_children else None
        if mapper is None or mapper.type not in FUNCTION_TYPES:
            return
        stack = [mapper]
        while stack:
            node = stack.pop()
            if node.type == "call_expression" and self._is_query_call(node):
                self.facts.add(ParallelQueries(
                    span=self.span(call), scope=self.scopes.at(call),
                    collection=self.text(fn.child_by_field_name("object"))))
                return
            stack.extend(node.named_children)

    def _is_query_call(self, call) -> bool:
        root, segments = member_chain(self.prog, call.child_by_field_name("function"))
        if root is None or not segments:
            return False
        last = segments[-1]
        if root.type == "identifier":
            b = resolve(self.prog, self.text(root), root)
            client = self.is_client_binding(b)
            if len(segments) == 2 and last in QUERY_METHODS and (client or last in DISTINCT_QUERY_METHODS):
                return True
            if len(segments) == 1 and last in RAW_METHODS and client:
                return True
            if len(segments) == 1 and last in QUERY_METHODS and b is not None and b.path and \
                    self._is_client_expr(b.init):
                return True
        if root.type == "this" and len(segments) == 3 and last in QUERY_METHODS:
            return segments[0] in self._clientlike_this
        return False

    # -- URLs -----------------------------------------------------------------------------
    def _urls(self) -> None:
        prog = self.prog
        for node in prog.nodes("string", "template_string"):
            value = string_value(prog, node)
            if value is None or not looks_like_connection_url(value, sqlite_files=False):
                continue
            node, value = self._literal_chain(node, value)
            role = None
            parent = node.parent
            while parent is not None and parent.type in ("parenthesized_expression", "as_expression",
                                                         "satisfies_expression"):
                parent = parent.parent
            if parent is not None and parent.type == "pair":
                key = parent.child_by_field_name("key")
                role = URL_ROLES.get(string_value(prog, key) if key.type == "string" else self.text(key))
            elif parent is not None and parent.type == "arguments":
                call = parent.parent
                kind = class_of(prog, call.child_by_field_name("constructor"), self.local_classes) \
                    if call is not None and call.type == "new_expression" else None
                if kind is not None:
                    role = "connectionString"
            self.facts.add(UrlLiteral(self.span(node), value, "code", role))
        for node in prog.nodes("binary_expression"):
            if self.text(node.child_by_field_name("operator")) != "+":
                continue
            right = strip(node.child_by_field_name("right"))
            appended = string_value(prog, right) if right is not None else None
            if appended is None and right is not None and right.type == "template_string":
                appended = self._template_head(right)
            if not appended or not appended.startswith(("?", "&")) or "=" not in appended:
                continue
            env = self._env_var(node.child_by_field_name("left"))
            if env is not None:
                self.facts.add(UrlConcatenation(self.span(node), "+", env, appended))
        for node in prog.nodes("template_string"):
            children = node.named_children
            for i, child in enumerate(children[:-1]):
                if child.type != "template_substitution":
                    continue
                nxt = children[i + 1]
                if nxt.type != "string_fragment":
                    continue
                appended = self.text(nxt)
                if not appended.startswith(("?", "&")) or "=" not in appended:
                    continue
                env = self._env_var(child.named_children[0] if child.named_children else None)
                if env is not None:
                    self.facts.add(UrlConcatenation(self.span(node), "template", env, appended))
                    break
        for call in prog.nodes("call_expression"):
            fn = strip(call.child_by_field_name("function"))
            if fn is None or fn.type != "member_expression" or \
                    self.text(fn.child_by_field_name("property")) != "concat":
                continue
            env = self._env_var(fn.child_by_field_name("object"))
            args = call.child_by_field_name("arguments")
            if env is None or args is None or not args.named_children:
                continue
            appended = string_value(prog, strip(args.named_children[0]))
            if appended and appended.startswith(("?", "&")) and "=" in appended:
                self.facts.add(UrlConcatenation(self.span(call), "concat", env, appended))

    def _literal_chain(self, node, value: str):
        """`"postgresql://u:" + "pw@host/db"`: a URL split over literals joined with `+` is
        one URL, located on the whole expression (so it is read, and masked, whole)."""
        top, parts = node, [value]
        parent = top.parent
        while parent is not None and parent.type == "binary_expression" and \
                parent.child_by_field_name("left") == top and \
                self.text(parent.child_by_field_name("operator")) == "+":
            right = string_value(self.prog, strip(parent.child_by_field_name("right")))
            if right is None:
                break
            parts.append(right)
            top, parent = parent, parent.parent
        return top, "".join(parts)

    def _template_head(self, node) -> str | None:
        for c in node.named_children:
            return self.text(c) if c.type == "string_fragment" else None
        return None

    def _env_var(self, node, depth: int = 0) -> str | None:
        """The variable name when `node` reads a URL from the environment: `process.env.X`,
        `process.env["X"]`, `import.meta.env.X`, `Deno.env.get("X")`, `env.X` in Workers,
        or a name bound to one of those; `?? ''` and `!` are looked through."""
        node = strip(node)
        if node is None or depth > 4:
            return None
        if node.type == "binary_expression" and self.text(node.child_by_field_name("operator")) in ("??", "||"):
            return self._env_var(node.child_by_field_name("left"), depth + 1)
        if node.type in ("member_expression", "subscript_expression"):
            root, segments = member_chain(self.prog, node)
            text = self.text(root) if root is not None else ""
            if len(segments) >= 2 and segments[-2] == "env" and text in ("process", "import", "Bun", "c", "context", "ctx") \
                    or text == "env" and len(segments) == 1:
                name = segments[-1]
                return name if env_name_holds_url(name) else None
            if text == "import" and segments[:2] == ["meta", "env"] and len(segments) == 3:
                return segments[2] if env_name_holds_url(segments[2]) else None
        if node.type == "call_expression":
            fn = strip(node.child_by_field_name("function"))
            args = node.child_by_field_name("arguments")
            if fn is not None and self.text(fn) in ("Deno.env.get", "env", "getEnv") and args is not None \
                    and args.named_children:
                name = string_value(self.prog, args.named_children[0])
                return name if name and env_name_holds_url(name) else None
        if node.type == "identifier":
            b = resolve(self.prog, self.text(node), node)
            if b is not None and b.kind in ("local", "module") and not b.path:
                return self._env_var(b.init, depth + 1)
        return None


class _TxWalker:
    """Classifies every call inside one interactive transaction callback."""

    def __init__(self, an: _Analyser, call, receiver, tx_span):
        self.an = an
        self.prog = an.prog
        self.call = call
        self.receiver = receiver
        self.tx_span = tx_span
        self.receiver_binding = None
        r = strip(receiver)
        if r is not None and r.type == "identifier":
            self.receiver_binding = resolve(self.prog, self.an.text(r), r)
        self.receiver_text = an.text(receiver) if receiver is not None else ""

    def walk(self, body, tx_keys: set, via: tuple, depth: int, visited: set) -> None:
        an = self.an
        stack = list(reversed(body.named_children))
        while stack:
            node = stack.pop()
            if node.type == "call_expression":
                fn = strip(node.child_by_field_name("function"))
                if fn is not None and fn.type == "member_expression" and \
                        an.text(fn.child_by_field_name("property")) == "$transaction":
                    stack.extend(reversed([c for c in node.named_children
                                           if c.type != "arguments"]))
                    continue
                self._classify(node, fn, tx_keys, via, depth, visited)
            stack.extend(reversed(node.named_children))

    def _root_binding(self, root):
        if root is None or root.type != "identifier":
            return None
        return resolve(self.prog, self.an.text(root), root)

    def _is_tx(self, b: Binding | None, tx_keys: set, depth: int = 0) -> bool:
        if b is None or depth > 4:
            return False
        if b.key in tx_keys and not b.path:
            return True
        if b.kind == "local":
            init = strip(b.init)
            if init is not None and init.type == "identifier":
                return self._is_tx(resolve(self.prog, self.an.text(init), init), tx_keys, depth + 1)
        return False

    def _is_outer(self, root, segments, b: Binding | None, tx_keys: set) -> bool:
        an = self.an
        if root is not None and root.type == "this":
            return self.receiver_text.startswith("this.") and segments and \
                self.receiver_text == "this." + segments[0] or (segments and segments[0] in an._clientlike_this)
        if b is None or self._is_tx(b, tx_keys):
            return False
        if self.receiver_binding is not None and b.key == self.receiver_binding.key:
            return True
        if b.kind in ("local", "module") and b.path:
            init = strip(b.init)
            if init is not None and init.type == "identifier":
                ib = resolve(self.prog, an.text(init), init)
                return ib is not None and not self._is_tx(ib, tx_keys) and self._is_outer(init, [], ib, tx_keys)
        return b.owner == 0 and an.is_client_binding(b) or b.kind == "import" and b.key in an._clientlike

    def _classify(self, call, fn, tx_keys, via, depth, visited) -> None:
        an = self.an
        if fn is None:
            return
        root, segments = member_chain(self.prog, fn)
        if fn.type == "identifier":
            root, segments = fn, []
        b = self._root_binding(root)
        last = segments[-1] if segments else (an.text(root) if root is not None else "")
        # same-file helper: follow it instead of judging the call by its name
        if fn.type == "identifier" and depth < MAX_HELPER_DEPTH:
            targets = an.scopes.functions_of(fn)
            if targets:
                target = targets[0]
                if target.id in visited:
                    return
                args = call.child_by_field_name("arguments")
                inner_keys = set(tx_keys)
                for i, (arg, param) in enumerate(zip(args.named_children if args else (), params_of(target))):
                    arg = strip(arg)
                    if arg is not None and arg.type == "identifier" and param.type == "identifier" and \
                            self._is_tx(self._root_binding(arg), tx_keys):
                        inner_keys.add((target.id, an.text(param)))
                new_via = via + (Related(an.facts.path, an.span(call),
                                         f"the transaction calls `{an.text(fn)}` here"),)
                self.walk(target, inner_keys, new_via, depth + 1, visited | {target.id})
                return
        is_tx = self._is_tx(b, tx_keys) if b is not None else False
        is_outer = not is_tx and self._is_outer(root, segments, b, tx_keys)
        query_shape = bool(segments) and (last in QUERY_METHODS or last in RAW_METHODS) and (
            len(segments) == 2 or len(segments) == 1 and (last in RAW_METHODS or (b is not None and bool(b.path)))
            or root is not None and root.type == "this" and len(segments) == 3)
        is_query = query_shape and (is_tx or is_outer)
        if is_outer and not query_shape and not last.startswith("$"):
            is_outer = False
        passes_tx = self._passes_tx(call, tx_keys)
        self.an.facts.add(TransactionCall(
            span=an.span(call), callee=self._callee(root, segments, b),
            transaction_span=self.tx_span, receiver_is_tx=is_tx, receiver_is_outer_client=is_outer,
            is_query=is_query, handled=self._handled(call), via=via, passes_tx=passes_tx,
            callee_in_project=self._in_project(root, b), awaited=self._awaited(call)))

    def _passes_tx(self, call, tx_keys: set) -> bool:
        """The transaction client is an argument: `f(tx)`, `f(id, tx)`, `f({ prisma: tx })`,
        `f({ tx })`."""
        args = call.child_by_field_name("arguments")
        for arg in (args.named_children if args is not None else ()):
            arg = strip(arg)
            values = [arg]
            if arg is not None and arg.type == "object":
                values = [strip(p.child_by_field_name("value")) if p.type == "pair" else p
                          for p in arg.named_children]
            for v in values:
                if v is None or v.type not in ("identifier", "shorthand_property_identifier"):
                    continue
                if self._is_tx(resolve(self.prog, self.an.text(v), v), tx_keys):
                    return True
        return False

    def _in_project(self, root, b: Binding | None) -> bool:
        """The callee is code of this project: a member of `this`, a function or an object
        of this file (that could not be followed), or an import from a relative or alias
        path. Package imports and unbound globals are not."""
        if root is not None and root.type == "this":
            return True
        imp = import_of(self.prog, b)
        if imp is not None:
            return imp[0].startswith(PROJECT_IMPORT_PREFIXES)
        return b is not None and b.kind in ("local", "module") and not self._built_from_package(b)

    def _built_from_package(self, b: Binding) -> bool:
        """`const s3 = new S3Client()` / `const api = axios.create()`: an object of a package."""
        init = strip(b.init)
        if init is None or init.type not in ("new_expression", "call_expression"):
            return False
        ctor = strip(init.child_by_field_name("constructor") or init.child_by_field_name("function"))
        if ctor is None:
            return False
        head, _ = member_chain(self.prog, ctor) if ctor.type == "member_expression" else (ctor, [])
        if head is None or head.type != "identifier":
            return False
        cimp = import_of(self.prog, resolve(self.prog, self.an.text(head), head))
        return cimp is not None and not cimp[0].startswith(PROJECT_IMPORT_PREFIXES)

    def _awaited(self, call) -> bool:
        """The transaction body waits for the call: `await f()`, `return f()`, an arrow's
        body, `yield f()`, or `f().then(...)` awaited in turn."""
        if awaits_itself(call):
            return True
        node = call
        while node.parent is not None and node.parent.type in (
                "parenthesized_expression", "non_null_expression", "as_expression",
                "satisfies_expression"):
            node = node.parent
        parent = node.parent
        if parent is not None and parent.type == "member_expression" and parent.parent is not None \
                and parent.parent.type == "call_expression" and \
                an_text(self.prog, parent.child_by_field_name("property")) in ("then", "catch", "finally"):
            return self._awaited(parent.parent)
        return parent is not None and parent.type in (
            "await_expression", "return_statement", "yield_expression", "arrow_function") \
            or self._handled(call) and parent is not None and parent.type not in (
                "binary_expression", "ternary_expression", "pair")

    def _callee(self, root, segments, b: Binding | None) -> str:
        an = self.an
        if root is None:
            return ".".join(segments)
        head = an.text(root) if root.type in ("identifier", "this") else None
        if head is None:
            return ".".join(["(...)"] + segments) if segments else an.text(root)
        imp = import_of(self.prog, b)
        if imp is not None and not imp[0].startswith(PROJECT_IMPORT_PREFIXES):
            module, imported = imp
            head = module if imported in ("*", "default") else f"{module}.{imported}"
        elif b is not None and b.kind in ("local", "module") and not b.path:
            init = strip(b.init)
            if init is not None and init.type in ("new_expression", "call_expression"):
                ctor = strip(init.child_by_field_name("constructor") or init.child_by_field_name("function"))
                if ctor is not None and ctor.type == "identifier":
                    cimp = import_of(self.prog, resolve(self.prog, an.text(ctor), ctor))
                    if cimp is not None and not cimp[0].startswith(PROJECT_IMPORT_PREFIXES):
                        head = cimp[0]
        return ".".join([head, *segments])

    def _handled(self, call) -> bool:
        if awaits_itself(call):
            return True
        node = call
        while True:
            parent = node.parent
            if parent is None:
                return False
            if parent.type in ("parenthesized_expression", "non_null_expression", "as_expression",
                               "satisfies_expression"):
                node = parent
                continue
            if parent.type == "member_expression" and parent.parent is not None and \
                    parent.parent.type == "call_expression" and \
                    an_text(self.prog, parent.child_by_field_name("property")) in ("then", "catch", "finally"):
                node = parent.parent
                continue
            break
        parent = node.parent
        if parent.type in ("await_expression", "return_statement", "yield_expression"):
            return True
        if parent.type == "arrow_function":
            return True
        if parent.type in ("array", "arguments", "spread_element", "pair", "ternary_expression",
                           "binary_expression"):
            return True
        if parent.type == "variable_declarator":
            name = parent.child_by_field_name("name")
            if name is None or name.type != "identifier":
                return True
            fn = enclosing_function(parent)
            scope_node = fn if fn is not None else self.prog.root
            wanted = an_text(self.prog, name)
            stack = [scope_node]
            while stack:
                n = stack.pop()
                if n.type == "identifier" and an_text(self.prog, n) == wanted and n.start_byte > parent.end_byte:
                    p = n.parent
                    while p is not None and p.type in ("parenthesized_expression", "non_null_expression"):
                        p = p.parent
                    if p is not None and p.type in ("await_expression", "return_statement", "array",
                                                    "arguments", "shorthand_property_identifier"):
                        return True
                stack.extend(n.named_children)
            return False
        return False


def an_text(prog: Program, node) -> str:
    return prog.text(node) if node is not None else ""
