"""The LibCST half of the Python front-end (prisma-client-py); `python.py` decides
whether a file needs it, so LibCST is imported only then.

Names are resolved, not guessed: LibCST's QualifiedNameProvider tells `Prisma` imported
from `prisma` (under any alias, or as `prisma.Prisma`) from a local class that shadows
it, and `requests.post` from a method called `post`. Scopes come from python_scopes.

LibCST is not error-tolerant: a syntax error yields one ParseProblem (PC900) with the
parser's location and message, and no other facts for the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import (
    MetadataWrapper, PositionProvider, QualifiedNameSource, ScopeProvider,
)

from ..diagnostics import Related, Span
from ..discovery import is_test_harness_module
from ..facts import (
    MODULE_SCOPE, UNKNOWN, ClientCall, ClientConstruction, FileFacts, ParseProblem, Scope,
    ScopeKind, Trait, Transaction, TransactionCall, UrlConcatenation, UrlLiteral,
)
from ..urls import env_name_holds_url, looks_like_connection_url
from .python import CLIENT_EVIDENCE, PRISMA_ACTIONS, RAW_QUERIES, _cpython_parse, is_prisma_class
from . import python_scopes as ps

FOLLOW_DEPTH = 4
URL_PARAMS = ("connection_limit", "pool_timeout", "pgbouncer", "schema", "sslmode",
              "connect_timeout", "socket_timeout", "statement_cache_size", "sslaccept")
LOOPS = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
FUNCS = (cst.FunctionDef, cst.Lambda)


def _is_prisma_class(qnames: set[str]) -> bool:
    return any(is_prisma_class(q) for q in qnames)


class _ScopeDraft:
    """A function's Scope before its span is known: positions cost a full code-generation
    pass, so they are computed only when a fact takes the scope (`get`)."""

    __slots__ = ("analyser", "kind", "framework", "name", "span_node", "via", "callee", "_scope")

    def __init__(self, analyser, kind, framework, name, span_node, via=(), callee=None):
        self.analyser, self.kind, self.framework, self.name = analyser, kind, framework, name
        self.span_node, self.via, self.callee = span_node, via, callee
        self._scope = None

    @property
    def per_request(self) -> bool:
        return self.kind in (ScopeKind.REQUEST, ScopeKind.EDGE_REQUEST)

    def get(self) -> Scope:
        if self._scope is None:
            self._scope = Scope(self.kind, self.framework, self.name,
                                self.analyser.span(self.span_node), self.via, callee=self.callee)
        return self._scope


@dataclass
class Func:
    node: cst.FunctionDef
    name: str
    qname: str
    parent: "Func | None"
    cls: cst.ClassDef | None
    direct: tuple[ScopeKind, str | None] | None = None
    scope: "_ScopeDraft | None" = None
    calls: list = field(default_factory=list)  # (callee Func, call node)


def _span(pos, node) -> Span:
    r = pos[node]
    return Span(r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)


def _string_value(node) -> str | None:
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:
            return None
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = _string_value(node.left), _string_value(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _number(node) -> float | None:
    if isinstance(node, cst.Integer):
        try:
            return float(node.evaluated_value)
        except Exception:
            return None
    if isinstance(node, cst.Float):
        return float(node.evaluated_value)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        n = _number(node.expression)
        return -n if n is not None else None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
        a, b = _number(node.left), _number(node.right)
        return a * b if a is not None and b is not None else None
    return None


_TD_UNITS = {"days": 86_400_000, "seconds": 1000, "microseconds": 0.001, "milliseconds": 1,
             "minutes": 60_000, "hours": 3_600_000, "weeks": 604_800_000}
_TD_ORDER = ("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks")


def _tails(*names) -> frozenset:
    return frozenset(n.rsplit(".", 1)[-1] for group in names for n in group)


_CLIENT_TAILS = frozenset({"Prisma", "Client"})
_GET_CLIENT = frozenset({"get_client"})
_REGISTER = frozenset({"register"})
_TIMEDELTA = frozenset({"timedelta"})
_ENV_TAILS = frozenset({"getenv", "get", "__getitem__"})
_REGISTRATION_TAILS = _tails(ps.DEPENDS, ps.RUNNERS, ps.ROUTE_CONSTRUCTORS)
_BASE_TAILS = frozenset(ps.VIEW_BASES) | frozenset(ps.STARTUP_BASES)
_DECORATOR_TAILS = _tails(ps.DECORATOR_QNAMES, ps.LITESTAR_ROUTES)
_G_TAILS = frozenset({"g"})


class _Index(cst.CSTVisitor):
    """One pass over the tree: parents, pre-order (source order), subtree ends, and the
    nodes each later pass needs. It replaces ParentNodeProvider and four `node.children`
    walks (each `children` call re-visits the node's fields in Python)."""

    def __init__(self):
        self.parent: dict = {}
        self.order: list = []     # every node, parents first, in source order
        self.pos: dict = {}       # node -> its index in `order`
        self.end: dict = {}       # node -> index just past its subtree
        self.calls: list = []     # cst.Call nodes in source order
        self.funcs: list = []     # cst.FunctionDef nodes in source order
        self.ifs: list = []       # cst.If nodes in source order
        self.modules: set[str] = set()       # top-level packages of absolute imports
        self.import_roots: set[str] = set()  # first segment of every name an import binds
        # simple name an import binds -> last segments of the qualified names it can stand
        # for (`from m import x as y`: y -> {x}; `import a.b as c`: c -> {a, b})
        self.import_tails: dict[str, set[str]] = {}
        self.defined: set[str] = set()       # names of every def and class
        self.stack: list = []

    def on_visit(self, node) -> bool:
        stack = self.stack
        self.parent[node] = stack[-1] if stack else None
        self.pos[node] = len(self.order)
        self.order.append(node)
        stack.append(node)
        cls = type(node)
        if cls is cst.Call:
            self.calls.append(node)
        elif cls is cst.FunctionDef:
            self.funcs.append(node)
            self.defined.add(node.name.value)
        elif cls is cst.ClassDef:
            self.defined.add(node.name.value)
        elif cls is cst.If:
            self.ifs.append(node)
        elif cls is cst.Import or cls is cst.ImportFrom:
            if cls is cst.Import:
                for alias in node.names:
                    self.modules.add(_root_name(alias.name))
            elif node.module is not None and not node.relative:
                self.modules.add(_root_name(node.module))
            if isinstance(node.names, cst.ImportStar):
                return True
            for alias in node.names:
                bound = alias.asname.name if alias.asname is not None else alias.name
                root = _root_name(bound)
                if root is None:
                    continue
                self.import_roots.add(root)
                real = get_full_name_for_node(alias.name) or ""
                tails = self.import_tails.setdefault(root, set())
                if alias.asname is not None or cls is cst.ImportFrom:
                    tails.update(real.split("."))
                else:
                    tails.add(root)
        return True

    def on_leave(self, original_node) -> None:
        self.stack.pop()
        self.end[original_node] = len(self.order)

    def on_visit_attribute(self, node, attribute) -> None:
        pass

    def on_leave_attribute(self, original_node, attribute) -> None:
        pass


def _root_name(node) -> str | None:
    """The first name of what get_full_name_for_node would spell for `node`."""
    while True:
        cls = type(node)
        if cls is cst.Name:
            return node.value
        if cls is cst.Attribute:
            node = node.value
        elif cls is cst.Call:
            node = node.func
        elif cls is cst.Subscript:
            node = node.value
        else:
            return None


class Analyser:
    def __init__(self, source, facts: FileFacts, settings):
        self.source = source
        self.facts = facts
        self.settings = settings
        self.path = PurePosixPath(source.path.as_posix())
        self.funcs: dict[cst.FunctionDef, Func] = {}
        self.by_qname: dict[str, Func] = {}
        self.imported: set[str] = set()
        self.client_keys: set[str] = set()       # expression texts known to hold a client
        self.module_clients: set[str] = set()    # module-level names bound to a client
        self.per_request_keys: set[str] = set()  # attribute keys bound to per-request clients
        self.script_nodes: set = set()           # module statements under `if __name__ == ...`
        self.teardown_hooks: set = set()         # FunctionDefs registered as teardown_* hooks
        self.g_clients = False                   # a client is constructed onto flask/quart `g`

    # -- helpers ---------------------------------------------------------------------
    # Qualified names are what QualifiedNameProvider would give (Scope.get_qualified_names_for
    # is what it calls, lazily, per node), but ScopeProvider runs only when a name could
    # resolve to an import or a same-file def, and the per-node provider pass is skipped.
    def _qualified(self, node):
        found = self._qn_cache.get(node)
        if found is None:
            root = _root_name(node)
            if root is None or root not in self.index.import_roots and root not in self.index.defined:
                found = ()
            else:
                if self._scopes is None:
                    self._scopes = self.wrapper.resolve(ScopeProvider)
                scope = self._scopes.get(node)
                try:
                    found = tuple(scope.get_qualified_names_for(node)) if scope is not None else ()
                except Exception:
                    found = ()
            self._qn_cache[node] = found
        return found

    def qnames(self, node) -> set[str]:
        return {q.name for q in self._qualified(node)}

    def import_qnames(self, node, tails: frozenset | None = None) -> set[str]:
        """Qualified names of `node` that come from an import. With `tails`, the caller only
        cares about names ending in one of them: a cheap check on the import statements
        then spares the scope analysis when none can."""
        root = _root_name(node)
        if root not in self.index.import_roots:
            return set()
        if tails is not None:
            full = get_full_name_for_node(node) or ""
            dot = full.rfind(".")
            if dot != -1:
                if full[dot + 1:] not in tails:
                    return set()
            elif tails.isdisjoint(self.index.import_tails.get(full, ())):
                return set()
        return {q.name for q in self._qualified(node) if q.source is QualifiedNameSource.IMPORT}

    def parent(self, node):
        return self.index.parent.get(node)

    # Set by the front-end when it analyses a reduced big file: reduced line -> file line.
    line_of = None

    def span(self, node) -> Span:
        if self._positions is None:
            self._positions = self.wrapper.resolve(PositionProvider)
        s = _span(self._positions, node)
        if self.line_of is not None:
            return Span(self.line_of(s.line), s.col, self.line_of(s.end_line), s.end_col)
        return s

    def subtree(self, node, stop: tuple = ()):
        """Every node below `node` (itself first) in source order; `stop` types (other than
        `node`) are yielded but not entered."""
        index = self.index
        order = index.order
        i, end = index.pos[node], index.end[node]
        if not stop:
            yield from order[i:end]
            return
        yield order[i]
        i += 1
        while i < end:
            n = order[i]
            yield n
            i = index.end[n] if isinstance(n, stop) else i + 1

    def code(self, node) -> str:
        return self.module.code_for_node(node)

    def ancestors(self, node):
        p = self.parent(node)
        while p is not None:
            yield p
            p = self.parent(p)

    def enclosing_func(self, node) -> Func | None:
        cache = self._enclosing
        if node in cache:
            return cache[node]
        found = None
        for a in self.ancestors(node):
            if isinstance(a, cst.FunctionDef):
                found = self.funcs.get(a)
                break
        cache[node] = found
        return found

    def func_for_expr(self, expr, context: Func | None) -> Func | None:
        """The same-file function an expression names: `fn`, `self.method`, `Cls.method`."""
        if isinstance(expr, cst.Name):
            for q in self.qnames(expr):
                if q in self.by_qname:
                    return self.by_qname[q]
            # nested functions: LibCST names them outer.<locals>.fn
            if context is not None:
                f: Func | None = context
                while f is not None:
                    cand = self.by_qname.get(f"{f.qname}.<locals>.{expr.value}")
                    if cand:
                        return cand
                    f = f.parent
            return None
        if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name):
            owner = expr.value.value
            if owner in ("self", "cls") and context is not None and context.cls is not None:
                return self.by_qname.get(f"{context.cls.name.value}.{expr.attr.value}")
            return self.by_qname.get(f"{owner}.{expr.attr.value}")
        return None

    # -- entry -----------------------------------------------------------------------
    def run(self, wrapper: MetadataWrapper) -> None:
        self.wrapper = wrapper
        self.module = module = wrapper.module
        self.index = _Index()
        module.visit(self.index)
        self._scopes = self._positions = None
        self._qn_cache: dict = {}
        self._enclosing: dict = {}
        self._collect(module)
        self._classify()
        self._propagate()
        self._facts(module)
        for node in self.index.calls:
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
                self.format_call(node)

    # -- pass 1: functions, imports, registrations, client keys -----------------------
    def _collect(self, module: cst.Module) -> None:
        index = self.index
        self.imported = index.modules
        # A pytest plugin module or testcontainers helper is a test harness wherever it lives.
        self.harness = next((m for m in sorted(self.imported) if is_test_harness_module(m)), None)
        for node in index.funcs:
            parent_node = cls = None
            for a in self.ancestors(node):
                if isinstance(a, cst.FunctionDef):
                    parent_node = a
                    break
                if cls is None and isinstance(a, cst.ClassDef):
                    cls = a
            parent = self.funcs[parent_node] if parent_node is not None else None
            name = node.name.value
            if parent is not None and cls is None:
                qname = f"{parent.qname}.<locals>.{name}"
            elif cls is not None:
                qname = f"{cls.name.value}.{name}"
            else:
                qname = name
            f = Func(node, name, qname, parent, cls)
            self.funcs[node] = f
            self.by_qname.setdefault(qname, f)
        for node in index.ifs:
            if self.enclosing_func(node) is None and self._is_main_guard(node.test):
                self.script_nodes.add(node)
        # client keys: bindings and usage evidence
        for node in self.index.calls:
            self._client_key_from_call(node)

    @staticmethod
    def _is_main_guard(test) -> bool:
        return isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name) \
            and test.left.value == "__name__" and len(test.comparisons) == 1 \
            and _string_value(test.comparisons[0].comparator) == "__main__"

    def is_construction(self, call: cst.Call) -> bool:
        return _is_prisma_class(self.import_qnames(call.func, _CLIENT_TAILS))

    def _client_key_from_call(self, call: cst.Call) -> None:
        func = call.func
        if self.is_construction(call) or "prisma.get_client" in self.import_qnames(func, _GET_CLIENT):
            target = self._binding_target(call)
            if target is not None:
                key = self.code(target)
                self.client_keys.add(key)
                fn = self.enclosing_func(call)
                if fn is None and isinstance(target, cst.Name):
                    self.module_clients.add(key)
            return
        if "prisma.register" in self.import_qnames(func, _REGISTER) and call.args:
            self.client_keys.add(self.code(call.args[0].value))
            return
        if not isinstance(func, cst.Attribute):
            return
        attr = func.attr.value
        if attr in CLIENT_EVIDENCE:
            self.client_keys.add(self.code(func.value))
        elif attr in PRISMA_ACTIONS and isinstance(func.value, cst.Attribute):
            inner = func.value.value
            if not (isinstance(inner, cst.Call)):
                model = func.value.attr.value
                if model[:1].islower() and model not in ("objects", "session", "table"):
                    self.client_keys.add(self.code(inner))
        # parameters annotated with the client class
        return

    def _binding_target(self, call: cst.Call):
        """The name or attribute a client call is bound to: `x = Prisma()`, `with Prisma() as x`."""
        p = self.parent(call)
        if isinstance(p, cst.Await):
            call, p = p, self.parent(p)
        if isinstance(p, cst.Assign) and len(p.targets) == 1:
            t = p.targets[0].target
            return t if isinstance(t, (cst.Name, cst.Attribute)) else None
        if isinstance(p, cst.AnnAssign):
            return p.target if isinstance(p.target, (cst.Name, cst.Attribute)) else None
        if isinstance(p, cst.WithItem) and p.asname is not None:
            t = p.asname.name
            return t if isinstance(t, (cst.Name, cst.Attribute)) else None
        return None

    # -- pass 2: direct scope of every function --------------------------------------
    def _classify(self) -> None:
        web = ps.web_framework(self.imported)
        for f in self.funcs.values():
            f.direct = self._decorated(f, web) or self._by_class(f) or self._by_signature(f, web)
        # registrations anywhere in the file
        for node in self.index.calls:
            self._registration(node, web)

    def _mark(self, fn: Func | None, kind: ScopeKind, framework: str | None) -> None:
        if fn is None:
            return
        if fn.direct is not None and fn.direct[0] in (ScopeKind.FACTORY, ScopeKind.TEST):
            return  # a memoised provider stays memoised
        if fn.direct is None or fn.direct[0] is ScopeKind.FUNCTION or kind is ScopeKind.REQUEST \
                and fn.direct[0] is ScopeKind.SCRIPT:
            fn.direct = (kind, framework)

    def _decorated(self, f: Func, web: str | None):
        found = None
        for dec in f.node.decorators:
            expr = dec.decorator
            call = expr if isinstance(expr, cst.Call) else None
            target = call.func if call is not None else expr
            qn = self.import_qnames(target, _DECORATOR_TAILS)
            for q in qn:
                if q in ps.DECORATOR_QNAMES:
                    kind, fw = ps.DECORATOR_QNAMES[q]
                    if kind in (ScopeKind.FACTORY, ScopeKind.TEST):
                        return kind, fw
                    found = found or (kind, fw)
                if q in ps.LITESTAR_ROUTES:
                    found = found or (ScopeKind.REQUEST, "Litestar")
            if not isinstance(target, cst.Attribute):
                continue
            attr = target.attr.value
            if attr in ps.ROUTE_ATTRS and call is not None:
                found = found or (ScopeKind.REQUEST, web)
            elif attr == "middleware":
                found = found or (ScopeKind.REQUEST, web)
            elif attr == "on_event" and call is not None and call.args:
                event = _string_value(call.args[0].value)
                kind = ScopeKind.STARTUP if event == "startup" else ScopeKind.TEARDOWN
                found = found or (kind, web)
            elif attr == "listener" and call is not None and call.args:
                event = _string_value(call.args[0].value) or ""
                kind = ps.HOOK_ATTRS.get(event)
                if kind is not None:
                    found = found or (kind, web)
            elif attr in ps.HOOK_ATTRS:
                if attr.startswith("teardown"):
                    self.teardown_hooks.add(f.node)
                found = found or (ps.HOOK_ATTRS[attr], "Chalice" if "chalice" in self.imported
                                  and ps.HOOK_ATTRS[attr] is ScopeKind.REQUEST else web)
            elif attr.endswith("_trigger") or attr.endswith("_output") and found is None:
                if attr.endswith("_trigger"):
                    found = found or (ScopeKind.REQUEST, "Azure Functions")
            elif attr in ("task", "actor") and ("celery" in self.imported or "dramatiq" in self.imported):
                found = found or (ScopeKind.REQUEST, "Celery" if attr == "task" else "Dramatiq")
            elif attr == "command" and call is not None:
                found = found or (ScopeKind.SCRIPT, None)
        return found

    def _by_class(self, f: Func):
        if f.cls is None:
            return None
        for base in f.cls.bases:
            code = self.code(base.value)
            # the tails check is exact here only when the written name cannot match either
            tails = None if code.rsplit(".", 1)[-1] in _BASE_TAILS else _BASE_TAILS
            names = self.import_qnames(base.value, tails) or {code}
            for q in names:
                last = q.rsplit(".", 1)[-1]
                if last in ps.VIEW_BASES:
                    methods, fw = ps.VIEW_BASES[last]
                    if f.name in methods:
                        return ScopeKind.REQUEST, fw
                if last in ps.STARTUP_BASES and f.name == ps.STARTUP_BASES[last][0]:
                    return ScopeKind.STARTUP, ps.STARTUP_BASES[last][1]
        # Django-style middleware: __init__(self, get_response) + __call__(self, request)
        if f.name in ("__call__", "process_request", "process_view"):
            for stmt in f.cls.body.body:
                if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__init__":
                    params = [p.name.value for p in stmt.params.params]
                    if "get_response" in params or "app" in params:
                        return ScopeKind.REQUEST, ps.web_framework(self.imported) or "middleware"
        return None

    def _by_signature(self, f: Func, web: str | None):
        if f.parent is not None or f.cls is not None:
            return None
        params = [p.name.value for p in f.node.params.params]
        if f.name in ("handler", "lambda_handler") or params[:2] == ["event", "context"]:
            if len(params) == 2:
                return ScopeKind.REQUEST, "AWS Lambda"
        if "azure" in self.imported and f.name == "main" and params:
            return ScopeKind.REQUEST, "Azure Functions"
        if params[:1] == ["request"] and (self.path.stem == "views" or "views" in self.path.parts[:-1]
                                         or "django" in self.imported and f.name != "main"):
            return ScopeKind.REQUEST, web or "Django"
        return None

    def _registration(self, call: cst.Call, web: str | None) -> None:
        ctx = self.enclosing_func(call)
        func = call.func
        bare = isinstance(func, cst.Name) and func.value in ("Depends", "Security")
        qn = self.import_qnames(func, None if bare else _REGISTRATION_TAILS)
        args = [a for a in call.args if a.keyword is None]
        # Depends(fn) / Security(fn) / Provide(fn)
        if qn & ps.DEPENDS or (not qn and isinstance(func, cst.Name) and func.value in ("Depends", "Security")):
            target = args[0].value if args else next(
                (a.value for a in call.args if a.keyword and a.keyword.value == "dependency"), None)
            if target is not None:
                self._mark(self.func_for_expr(target, ctx), ScopeKind.REQUEST,
                           "FastAPI dependency" if "fastapi" in self.imported else web)
            return
        if qn & ps.RUNNERS:
            if args and isinstance(args[0].value, cst.Call):
                self._mark(self.func_for_expr(args[0].value.func, ctx), ScopeKind.SCRIPT, None)
            elif args:
                self._mark(self.func_for_expr(args[0].value, ctx), ScopeKind.SCRIPT, None)
            return
        if qn & ps.ROUTE_CONSTRUCTORS:
            target = args[1].value if len(args) > 1 else next(
                (a.value for a in call.args if a.keyword and a.keyword.value in ("endpoint", "handler")), None)
            if target is not None:
                self._mark(self.func_for_expr(target, ctx), ScopeKind.REQUEST, web)
            return
        for a in call.args:
            if a.keyword is None or a.keyword.value not in ps.HOOK_KEYWORDS:
                continue
            kind = ps.HOOK_KEYWORDS[a.keyword.value]
            values = [e.value for e in a.value.elements] if isinstance(a.value, (cst.List, cst.Tuple)) \
                else [a.value]
            for v in values:
                if isinstance(v, cst.Call) and a.keyword.value == "dependencies":
                    continue
                self._mark(self.func_for_expr(v, ctx), kind, web)
        if not isinstance(func, cst.Attribute):
            # main() called under `if __name__ == "__main__":`
            if any(a in self.script_nodes for a in self.ancestors(call)):
                self._mark(self.func_for_expr(func, ctx), ScopeKind.SCRIPT, None)
            return
        attr = func.attr.value
        if attr in ps.REGISTER_ATTRS:
            index = ps.REGISTER_ATTRS[attr]
            target = args[index].value if len(args) > index else next(
                (a.value for a in call.args if a.keyword and a.keyword.value in ps.REGISTER_KEYWORDS), None)
            if target is not None:
                fw = "RQ" if attr.startswith("enqueue") else web
                hook = self.func_for_expr(target, ctx)
                if hook is not None and attr.startswith("teardown"):
                    self.teardown_hooks.add(hook.node)
                self._mark(hook, ScopeKind.REQUEST, fw)
        elif attr == "add_event_handler" and len(args) >= 2:
            event = _string_value(args[0].value)
            self._mark(self.func_for_expr(args[1].value, ctx),
                       ScopeKind.STARTUP if event == "startup" else ScopeKind.TEARDOWN, web)
        elif attr in ("append", "insert") and isinstance(func.value, cst.Attribute) \
                and func.value.attr.value in ps.HOOK_LISTS and args:
            self._mark(self.func_for_expr(args[-1].value, ctx), ps.HOOK_LISTS[func.value.attr.value], web)
        elif attr == "add_middleware" and args:
            cls_name = self.code(args[0].value)
            for name in ("dispatch", "__call__"):
                self._mark(self.by_qname.get(f"{cls_name}.{name}"), ScopeKind.REQUEST, web)
        elif attr in ("run_until_complete",) and args and isinstance(args[0].value, cst.Call):
            self._mark(self.func_for_expr(args[0].value.func, ctx), ScopeKind.SCRIPT, None)
        elif any(a in self.script_nodes for a in self.ancestors(call)):
            self._mark(self.func_for_expr(func, ctx), ScopeKind.SCRIPT, None)

    # -- pass 3: effective scopes, inherited through nesting and same-file calls ------
    def _propagate(self) -> None:
        file_kind = self._file_kind()
        order = list(self.funcs.values())  # source order: parents before children
        for f in order:  # parents come before children
            if file_kind is not None:
                kind = ScopeKind.TEST if file_kind is ScopeKind.TEST else ScopeKind.SCRIPT
                if f.direct and f.direct[0] is ScopeKind.FACTORY:
                    kind = ScopeKind.FACTORY
                f.scope = _ScopeDraft(self, kind, None, f.name, f.node.name)
            elif f.direct is not None:
                f.scope = _ScopeDraft(self, f.direct[0], f.direct[1], f.name, f.node.name)
            elif f.parent is not None and f.parent.scope is not None \
                    and f.parent.scope.kind is not ScopeKind.FUNCTION:
                f.scope = f.parent.scope
            else:
                f.scope = _ScopeDraft(self, ScopeKind.FUNCTION, None, f.name, f.node.name)
        # call edges
        for node in self.index.calls:
            caller = self.enclosing_func(node)
            if caller is None:
                continue
            callee = self.func_for_expr(node.func, caller)
            if callee is not None and callee is not caller:
                caller.calls.append((callee, node))
        # breadth first from every per-request function, a few levels, cycle-safe
        frontier = [f for f in order if f.scope.per_request]
        seen = set(id(f) for f in frontier)
        for _ in range(FOLLOW_DEPTH):
            nxt = []
            for f in frontier:
                for callee, call in f.calls:
                    if id(callee) in seen or callee.scope.kind is not ScopeKind.FUNCTION:
                        continue
                    seen.add(id(callee))
                    via = (*f.scope.via, Related(self.facts.path, self.span(call),
                                                 f"`{f.name}` calls `{callee.name}` here"))
                    callee.scope = _ScopeDraft(self, f.scope.kind, f.scope.framework, f.scope.name,
                                               f.scope.span_node, via, callee.name)
                    self._inherit_nested(callee)
                    nxt.append(callee)
            frontier = nxt

    def _inherit_nested(self, parent: Func) -> None:
        for f in self.funcs.values():
            if f.parent is parent and f.direct is None:
                f.scope = parent.scope
                self._inherit_nested(f)

    def _file_kind(self) -> ScopeKind | None:
        kind = ps.file_kind(self.path)
        return ScopeKind.TEST if kind is None and self.harness is not None else kind

    def scope_of(self, node) -> Scope:
        fn = self.enclosing_func(node)
        if fn is not None:
            return fn.scope.get()
        if any(a in self.script_nodes for a in self.ancestors(node)):
            return Scope(ScopeKind.SCRIPT)
        kind = self._file_kind()
        return Scope(kind) if kind is ScopeKind.TEST else MODULE_SCOPE

    # -- pass 4: facts ----------------------------------------------------------------
    def _facts(self, module: cst.Module) -> None:
        if self.harness is not None and ps.file_kind(self.path) is None:
            self.facts.add(Trait("test-harness", None, self.harness))  # rules.file_role
        self.g_clients = any(self.is_construction(c) and self._g_target(c) is not None
                             for c in self.index.calls)
        for node in self.index.order:
            if isinstance(node, cst.Call):
                if self.is_construction(node):
                    self._construction(node)
                    continue
                func = node.func
                if isinstance(func, cst.Attribute) and func.attr.value in ("connect", "disconnect") \
                        and self.code(func.value) in self.client_keys:
                    self._lifecycle(node, func.attr.value, self.code(func.value))
                elif "prisma.register" in self.import_qnames(func, _REGISTER) and node.args:
                    self._lifecycle(node, "register", self.code(node.args[0].value))
            elif isinstance(node, cst.WithItem):
                call = node.item
                if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                        and call.func.attr.value == "tx":
                    self._transaction(node, call)
            elif isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
                self._url_literal(node)
            elif isinstance(node, cst.FormattedString):
                self._fstring_concat(node)
            elif isinstance(node, cst.BinaryOperation):
                self._binop_concat(node)

    def _g_target(self, call: cst.Call):
        """`g.db = Prisma()` (or `g.db = db = Prisma()`) with flask's or quart's `g`: the
        attribute it is stored on, and the framework; None otherwise."""
        p = self.parent(call)
        if isinstance(p, cst.Await):
            p = self.parent(p)
        if isinstance(p, cst.Assign):
            targets = [t.target for t in p.targets]
        elif isinstance(p, cst.AnnAssign):
            targets = [p.target]
        else:
            return None
        for t in targets:
            if isinstance(t, cst.Attribute):
                qn = self.import_qnames(t.value, _G_TAILS)
                if "flask.g" in qn or "quart.g" in qn:
                    return t, "Quart" if "quart.g" in qn else "Flask"
        return None

    def _construction(self, call: cst.Call) -> None:
        scope = self.scope_of(call)
        target = self._binding_target(call)
        store = None
        stored = self._g_target(call)
        if stored is not None and scope.kind in (ScopeKind.FUNCTION, ScopeKind.REQUEST):
            # `g` lives for one application context, i.e. one request: whichever function
            # fills it, the client is built again for every request that needs it.
            g_attr, framework = stored
            store = "g"
            if scope.kind is ScopeKind.FUNCTION:
                scope = Scope(ScopeKind.REQUEST, framework, scope.name, scope.span, scope.via,
                              callee=scope.callee)
            if target is None:
                target = g_attr
            self.per_request_keys.add(self.code(g_attr))
        options, spans = self._options(call)
        accelerate = False
        for key, value in options:
            if isinstance(value, str) and value.lower().startswith(("prisma://", "prisma+postgres://")):
                accelerate = True
        parent = self.parent(call)
        cm = isinstance(parent, cst.WithItem) and parent.item is call
        memoised = scope.kind is ScopeKind.FACTORY or self._guarded_assignment(call, target)
        name = sorted(self.import_qnames(call.func))[0].rsplit(".", 1)[-1]
        self.facts.add(ClientConstruction(
            span=self.span(call), kind="prisma", class_name=name, scope=scope,
            binding=self.code(target) if target is not None else None, memoised=memoised,
            in_loop=self._in_loop(call), context_manager=cm, accelerate=accelerate,
            options=tuple(options), option_spans=tuple(spans), per_request_store=store))
        if target is not None and isinstance(target, cst.Attribute) and scope.per_request:
            self.per_request_keys.add(self.code(target))

    def _options(self, call: cst.Call):
        options, spans = [], []

        def add(prefix: str, value) -> None:
            if isinstance(value, cst.Dict):
                for el in value.elements:
                    if isinstance(el, cst.DictElement):
                        key = _string_value(el.key)
                        if key is not None:
                            add(f"{prefix}.{key}", el.value)
                return
            lit = _string_value(value)
            if lit is None:
                num = _number(value)
                lit = (int(num) if num is not None and num == int(num) else num) if num is not None else None
            if lit is None and isinstance(value, cst.Name) and value.value in ("True", "False", "None"):
                lit = {"True": True, "False": False, "None": None}[value.value]
            elif lit is None:
                lit = UNKNOWN
            options.append((prefix, lit))
            spans.append((prefix, self.span(value)))

        for arg in call.args:
            if arg.keyword is not None:
                add(arg.keyword.value, arg.value)
        return options, spans

    def _guarded_assignment(self, call, target) -> bool:
        """`if db is None: db = Prisma()` (module global or attribute), written once."""
        if target is None:
            return False
        key = self.code(target)
        root = key.split(".")[0]
        if root in ("g", "request") or key.startswith(("flask.g.", "request.state")):
            return False  # per-request storage: caching there is still once per request
        fn = self.enclosing_func(call)
        if fn is None:
            return False
        if isinstance(target, cst.Name):
            declared_global = any(
                isinstance(s, cst.SimpleStatementLine) and any(
                    isinstance(x, cst.Global) and any(n.name.value == key for n in x.names)
                    for x in s.body)
                for s in self.subtree(fn.node))
            if not declared_global:
                return False
        for a in self.ancestors(call):
            if a is fn.node:
                break
            if isinstance(a, cst.If) and key in self.code(a.test):
                return True
        return False

    def _fresh_factory(self, name: str) -> bool:
        """A same-file, module-level, undecorated function whose every `return` returns a
        client it constructs (`return Prisma()`): each call builds a fresh client."""
        f = self.by_qname.get(name)
        if f is None or f.parent is not None or f.cls is not None or f.node.decorators:
            return False
        returns = [n for n in self.subtree(f.node) if isinstance(n, cst.Return)
                   and self.enclosing_func(n) is f]
        return bool(returns) and all(isinstance(r.value, cst.Call) and self.is_construction(r.value)
                                     for r in returns)

    def _in_loop(self, node) -> bool:
        for a in self.ancestors(node):
            if isinstance(a, FUNCS):
                return False
            if isinstance(a, LOOPS):
                return True
        return False

    def _lifecycle(self, call: cst.Call, method: str, receiver: str) -> None:
        scope = self.scope_of(call)
        fn = self.enclosing_func(call)
        stmt_parent = self.parent(call)
        span_node = stmt_parent if isinstance(stmt_parent, cst.Await) else call
        shared = True
        if receiver in self.per_request_keys:
            shared = False
        elif fn is not None:
            for n in self.subtree(fn.node):
                if isinstance(n, cst.Call) and self.is_construction(n):
                    t = self._binding_target(n)
                    if t is not None and self.code(t) == receiver:
                        shared = False
                        break
                if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and self._fresh_factory(n.func.value):
                    # `db = make_db()` where make_db builds a client per call: PC101's finding
                    t = self._binding_target(n)
                    if t is not None and self.code(t) == receiver:
                        shared = False
                        break
        if shared and method == "disconnect" and self.g_clients and fn is not None \
                and fn.node in self.teardown_hooks:
            # the teardown hook of a file that keeps its client on `g` closes that client
            # (PC101 reports the construction); a module-level or imported client stays shared
            root = receiver.split(".")[0]
            if root not in self.module_clients and root not in self.index.import_roots:
                shared = False
        guarded = in_finally = False
        for a in self.ancestors(call):
            if fn is not None and a is fn.node:
                break
            if isinstance(a, cst.If) and "is_connected" in self.code(a.test):
                guarded = True
            if isinstance(a, cst.Finally):
                in_finally = True
        self.facts.add(ClientCall(span=self.span(span_node), method=method, receiver=receiver,
                                  scope=scope, receiver_shared=shared, guarded=guarded,
                                  in_finally=in_finally))

    # -- transactions -----------------------------------------------------------------
    def _ms(self, value) -> float | None:
        num = _number(value)
        if num is not None:
            return num  # prisma-client-py reads an int as milliseconds
        if isinstance(value, cst.Call) and "datetime.timedelta" in self.import_qnames(value.func, _TIMEDELTA):
            total = 0.0
            for i, arg in enumerate(value.args):
                unit = arg.keyword.value if arg.keyword else (_TD_ORDER[i] if i < len(_TD_ORDER) else None)
                n = _number(arg.value)
                if unit not in _TD_UNITS or n is None:
                    return None
                total += n * _TD_UNITS[unit]
            return total
        return None

    def _transaction(self, item: cst.WithItem, call: cst.Call) -> None:
        receiver = self.code(call.func.value)
        timeout = max_wait = None
        timeout_span = max_wait_span = None
        for arg in call.args:
            if arg.keyword is None:
                continue
            if arg.keyword.value == "timeout":
                timeout, timeout_span = self._ms(arg.value), self.span(arg)
            elif arg.keyword.value == "max_wait":
                max_wait, max_wait_span = self._ms(arg.value), self.span(arg)
        tx_span = self.span(call)
        self.facts.add(Transaction(span=tx_span, receiver=receiver, scope=self.scope_of(call),
                                   timeout_ms=timeout, timeout_span=timeout_span,
                                   max_wait_ms=max_wait, max_wait_span=max_wait_span))
        tx_names = set()
        if item.asname is not None and isinstance(item.asname.name, cst.Name):
            tx_names.add(item.asname.name.value)
        with_stmt = self.parent(item)
        # `with client.tx() as tx1, client.tx() as tx2:` opens both before the block runs:
        # inside it each is a transaction client of this statement, not an outer client.
        # The same for a client derived from one of them: `with db.tx() as t, t.batch_() as b`.
        for _ in range(2):
            for other in with_stmt.items:
                if other is item or other.asname is None or not isinstance(other.asname.name, cst.Name) \
                        or not isinstance(other.item, cst.Call) \
                        or not isinstance(other.item.func, cst.Attribute):
                    continue
                func = other.item.func
                if func.attr.value == "tx" or _method_of(func, tx_names):
                    tx_names.add(other.asname.name.value)
        outer = (self.client_keys | {receiver}) - tx_names
        fn = self.enclosing_func(call)
        types = self._local_types(fn.node if fn else None)
        self._tx_body(with_stmt.body, tx_span, tx_names, outer, types, (), {fn.node} if fn else set(), fn)

    def _local_types(self, fn_node) -> dict[str, str]:
        """Names bound to instances of imported classes: `c = httpx.AsyncClient()` -> c: httpx.AsyncClient."""
        types: dict[str, str] = {}
        for root in ([self.module] if fn_node is None else [self.module, fn_node]):
            for n in (self.subtree(root) if root is not self.module else root.body):
                call = None
                if isinstance(n, cst.SimpleStatementLine):
                    for s in n.body:
                        if isinstance(s, cst.Assign) and isinstance(s.value, cst.Call):
                            self._bind_type(types, s.targets[0].target, s.value)
                    continue
                if isinstance(n, cst.Assign) and isinstance(n.value, cst.Call):
                    self._bind_type(types, n.targets[0].target, n.value)
                elif isinstance(n, cst.WithItem) and n.asname is not None and isinstance(n.item, cst.Call):
                    call = n.item
                    self._bind_type(types, n.asname.name, call)
        return types

    def _bind_type(self, types, target, call) -> None:
        if isinstance(target, cst.Name):
            q = sorted(self.import_qnames(call.func))
            if q:
                types[target.value] = q[0]

    def _callee(self, func, types, local: set[str] = frozenset()) -> str:
        text = self.code(func)
        root = text.split(".")[0].split("(")[0]
        if root in local or root in self.client_keys or ".prisma(" in text:
            return text  # a client, the transaction or `Model.prisma()`: name it as written
        q = sorted(self.import_qnames(func))
        if q:
            return q[0]
        if isinstance(func, cst.Attribute):
            base = func.value
            if isinstance(base, cst.Call):
                return f"{self._callee(base.func, types)}().{func.attr.value}" \
                    if not self.import_qnames(base.func) else \
                    f"{sorted(self.import_qnames(base.func))[0]}.{func.attr.value}"
            text = self.code(func)
            root = text.split(".")[0]
            if root in types:
                return types[root] + text[len(root):]
            return text
        return self.code(func)

    def _tx_aliases(self, body, tx_names: set[str]) -> set[str]:
        """Names the block binds from a method call on the transaction client: the batcher
        of `with tx.batch_() as b` or `b = tx.batch_()` sends its queries through the
        transaction too. Query results (`rows = tx.query_raw(...)`) are data, not clients."""
        found = set(tx_names)
        binds = []
        for n in self.subtree(body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            if isinstance(n, cst.WithItem) and n.asname is not None:
                binds.append((n.asname.name, n.item))
            elif isinstance(n, (cst.Assign, cst.AnnAssign)) and n.value is not None:
                target = n.targets[0].target if isinstance(n, cst.Assign) else n.target
                if not isinstance(n, cst.Assign) or len(n.targets) == 1:
                    binds.append((target, n.value))
        changed = bool(binds)
        while changed:
            changed = False
            for target, value in binds:
                if isinstance(value, cst.Await):
                    value = value.expression
                if isinstance(target, cst.Name) and target.value not in found \
                        and isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
                        and _method_of(value.func, found):
                    found.add(target.value)
                    changed = True
        return found - tx_names

    def _tx_body(self, body, tx_span, tx_names, outer, types, via, visiting, context) -> None:
        derived = self._tx_aliases(body, tx_names)
        if derived:
            tx_names, outer = tx_names | derived, outer - derived
        for node in self.subtree(body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            if not isinstance(node, cst.Call):
                continue
            parent = self.parent(node)
            if isinstance(parent, cst.Attribute) and parent.value is node:
                continue  # `Model.prisma(tx)` in `Model.prisma(tx).create()`: judged as a whole
            func = node.func
            callee_fn = self.func_for_expr(func, context)
            if callee_fn is not None and len(visiting) <= FOLLOW_DEPTH:
                if callee_fn.node in visiting:
                    continue
                inner_tx, inner_outer = set(), set(outer) - {n for n in outer if "." not in n and n not in self.module_clients}
                inner_outer |= self.module_clients
                params = [p.name.value for p in callee_fn.node.params.params]
                if params[:1] in (["self"], ["cls"]):
                    params = params[1:]
                for i, arg in enumerate(node.args):
                    pname = arg.keyword.value if arg.keyword else (params[i] if i < len(params) else None)
                    if pname is None:
                        continue
                    text = self.code(arg.value)
                    if text in tx_names:
                        inner_tx.add(pname)
                    elif text in outer:
                        inner_outer.add(pname)
                inner_outer -= inner_tx
                step = Related(self.facts.path, self.span(node),
                               f"`{callee_fn.name}` is called inside the transaction here")
                self._tx_body(callee_fn.node.body, tx_span, inner_tx, inner_outer,
                              self._local_types(callee_fn.node), (*via, step),
                              visiting | {callee_fn.node}, callee_fn)
                continue
            if isinstance(func, cst.Name) and func.value[:1].isupper():
                continue  # constructing an object is not the slow call itself
            if isinstance(func, cst.Attribute) and func.attr.value[:1].isupper():
                continue
            callee = self._callee(func, types, tx_names | outer)
            if callee.rsplit(".", 1)[-1][:1].isupper():
                continue
            is_tx, is_outer, is_query = self._receiver(func, tx_names, outer)
            span_node = parent if isinstance(parent, cst.Await) else node
            root = self.code(func).split(".")[0]
            self.facts.add(TransactionCall(
                span=self.span(span_node), callee=callee, transaction_span=tx_span,
                receiver_is_tx=is_tx, receiver_is_outer_client=is_outer, is_query=is_query,
                handled=True, via=tuple(via),
                passes_tx=any(self.code(a.value) in tx_names for a in node.args),
                # `self.x()` and `from .services import x`: the project's own code. An
                # absolute import may be the project's or a package's: not known here.
                callee_in_project=True if root in ("self", "cls") or callee.startswith(".") else None))

    def _receiver(self, func, tx_names, outer) -> tuple[bool, bool, bool]:
        if not isinstance(func, cst.Attribute):
            return False, False, False
        action = func.attr.value
        base = func.value
        # Model.prisma(...).action(...)
        if isinstance(base, cst.Call) and isinstance(base.func, cst.Attribute) \
                and base.func.attr.value == "prisma":
            is_query = action in PRISMA_ACTIONS
            if base.args:
                arg = self.code(base.args[0].value)
                return arg in tx_names, arg in outer and is_query, is_query
            return False, is_query, is_query
        if action in RAW_QUERIES or action in ("batch_",):
            recv = self.code(base)
            return recv in tx_names, recv in outer, action in RAW_QUERIES
        if action in PRISMA_ACTIONS and isinstance(base, cst.Attribute):
            recv = self.code(base.value)
            return recv in tx_names, recv in outer, True
        text = self.code(func)
        root = text.split(".")[0]
        return root in tx_names, False, False

    # -- URLs -------------------------------------------------------------------------
    def _url_literal(self, node) -> None:
        parent = self.parent(node)
        if isinstance(parent, cst.ConcatenatedString):
            return  # reported once, for the whole concatenation
        value = _string_value(node)
        if value is None or not looks_like_connection_url(value, sqlite_files=False):
            return
        role, env_var = self._url_role(node)
        self.facts.add(UrlLiteral(span=self.span(node), value=value, origin="code",
                                  role=role, env_var=env_var))

    def _url_role(self, node) -> tuple[str | None, str | None]:
        p = self.parent(node)
        if isinstance(p, cst.DictElement) and p.value is node:
            key = _string_value(p.key)
            dict_parent = self.parent(self.parent(p))
            if isinstance(dict_parent, cst.Arg) and dict_parent.keyword is not None:
                return f"{dict_parent.keyword.value}.{key}", None
            return key, None
        if isinstance(p, cst.Arg):
            if p.keyword is not None:
                return p.keyword.value, None
            call = self.parent(p)
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                    and call.func.attr.value == "setdefault" and call.args[0].value is not node:
                env = _string_value(call.args[0].value)
                return env, env
        if isinstance(p, cst.Assign):
            t = p.targets[0].target
            if isinstance(t, cst.Subscript) and "os.environ" in self.qnames(t.value):
                env = self._subscript_key(t)
                return env, env
            if isinstance(t, cst.Name):
                return t.value, None
        return None, None

    def _subscript_key(self, sub: cst.Subscript) -> str | None:
        if len(sub.slice) == 1 and isinstance(sub.slice[0].slice, cst.Index):
            return _string_value(sub.slice[0].slice.value)
        return None

    def _env_read(self, expr, depth: int = 0) -> str | None | bool:
        """The variable name when `expr` reads the environment; False when it does not."""
        if isinstance(expr, cst.Subscript) and "os.environ" in self.qnames(expr.value):
            return self._subscript_key(expr)
        if isinstance(expr, cst.Call):
            qn = self.import_qnames(expr.func, _ENV_TAILS)
            if qn & {"os.getenv", "os.environ.get", "os.environ.__getitem__"} \
                    or isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "get" \
                    and "os.environ" in self.qnames(expr.func.value):
                return _string_value(expr.args[0].value) if expr.args else None
            return False
        if isinstance(expr, cst.Name) and depth < 3:
            return self._name_env(expr, depth)
        return False

    def _name_env(self, name: cst.Name, depth: int):
        fn = self.enclosing_func(name)
        roots = [fn.node] if fn is not None else []
        roots.append(self.module)
        for root in roots:
            for n in (self.subtree(root) if root is not self.module else _module_statements(root)):
                if isinstance(n, cst.Assign) and len(n.targets) == 1 \
                        and isinstance(n.targets[0].target, cst.Name) \
                        and n.targets[0].target.value == name.value:
                    found = self._env_read(n.value, depth + 1)
                    if found is not False:
                        return found
        return False

    def _report_concat(self, node, operator: str, env, appended: str) -> None:
        if env is False or not appended.lstrip().startswith("?"):
            return
        env_name = env if isinstance(env, str) else None
        urlish = env_name is not None and env_name_holds_url(env_name)
        if not urlish and not any(p in appended for p in URL_PARAMS):
            return
        self.facts.add(UrlConcatenation(span=self.span(node), operator=operator,
                                        env_var=env_name, appended=appended.strip()))

    def _fstring_concat(self, node: cst.FormattedString) -> None:
        parts = node.parts
        for i, part in enumerate(parts[:-1]):
            nxt = parts[i + 1]
            if isinstance(part, cst.FormattedStringExpression) and isinstance(nxt, cst.FormattedStringText):
                env = self._env_read(part.expression)
                if env is not False:
                    self._report_concat(node, "f-string", env, nxt.value)
                    return

    def _binop_concat(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.Add):
            right = _string_value(node.right)
            if right is None:
                return
            left = node.left
            while isinstance(left, cst.BinaryOperation) and isinstance(left.operator, cst.Add):
                left = left.right
            self._report_concat(node, "+", self._env_read(left), right)
        elif isinstance(node.operator, cst.Modulo):
            fmt = _string_value(node.left)
            if fmt is None or "%s?" not in fmt:
                return
            values = [e.value for e in node.right.elements] if isinstance(node.right, cst.Tuple) else [node.right]
            index = fmt.split("%s?")[0].count("%s")
            if index < len(values):
                self._report_concat(node, "%", self._env_read(values[index]),
                                    fmt.split("%s", index + 1)[-1])

    def format_call(self, call: cst.Call) -> None:
        func = call.func
        fmt = _string_value(func.value)
        if fmt is None:
            return
        m = re.search(r"\{(\w*)\}(\?[^{]*)", fmt)
        if not m:
            return
        field_name, appended = m.group(1), m.group(2)
        target = None
        if field_name == "" or field_name.isdigit():
            index = int(field_name) if field_name else fmt[:m.start()].count("{}")
            positional = [a for a in call.args if a.keyword is None]
            if index < len(positional):
                target = positional[index].value
        else:
            target = next((a.value for a in call.args if a.keyword and a.keyword.value == field_name), None)
        if target is not None:
            self._report_concat(call, "format", self._env_read(target), appended)


def _method_of(func: cst.Attribute, names: set[str]) -> bool:
    """`name.method` for a name in `names`, the method not a raw query (which returns rows)."""
    return isinstance(func.value, cst.Name) and func.value.value in names \
        and func.attr.value not in RAW_QUERIES


def _module_statements(module: cst.Module):
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            yield from stmt.body


def syntax_problem(text: str, exc: "cst.ParserSyntaxError") -> ParseProblem:
    """CPython's parser places errors more precisely than LibCST's; ask it first."""
    try:
        _cpython_parse(text)
    except SyntaxError as err:
        line, col = err.lineno or 1, err.offset or 1
        return ParseProblem(Span(line, col, line, col + 1), f"syntax error: {err.msg}")
    except (RecursionError, MemoryError, ValueError):
        pass
    line, col = exc.editor_line, exc.editor_column
    message = re.sub(r"^(parser error: )?error at \d+:\d+: ", "", str(exc.message))
    return ParseProblem(Span(line, col, line, col + 1), f"syntax error: {message}")
