"""Which Python functions run per request, at start-up, in a script or a test, on `ast`
(handlers.md), for the symbols of files that may never reach LibCST.

The conventions are the tables of `vocabulary.frameworks_py` (route decorators, hook
attributes, view base classes, `Depends`, registration calls, runners); this module only
reads them off CPython's tree the way `frameworks.classify` reads them off LibCST's, so a
function is marked the same whichever parser saw it. A value registered
that is not a function of this file (`Depends(get_db)` with `get_db` imported) becomes a
`Registration` for the linker to resolve.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import PurePosixPath

from ...facts import Scope, ScopeKind
from ...symbols import CalleeRef, Registration
from ...vocabulary import frameworks_py as fp
from .decorators import EVENT_ROWS, FINAL, HOOK_KEYWORDS, HOOK_LISTS, attr_row_scope, qname_scope, \
    route_decorator
from .dependencies import DEPENDS_NAMES, capitalised as _capitalised, marker_alias, marker_annotation
from ...vocabulary.layout import health_url, is_test_harness_module, path_role

R = ScopeKind.REQUEST
# The vocabulary spells scope kinds as their values.


def _string(node) -> str | None:
    return node.value if type(node) is ast.Constant and type(node.value) is str else None


class Marks:
    def __init__(self, ex):
        self.ex = ex
        self.direct: dict = {}            # _Fn -> (kind, framework)
        self.health: set = set()          # _Fn serving a health-check route (Scope.health)
        self.memo: set = set()            # _Fn decorated functools.cache & co
        self.regs: list[Registration] = []
        roots = {q.lstrip(".").split(".")[0] for q in ex.qn.values()}
        self.imported = roots
        self.web = next((label for module, label in fp.FRAMEWORKS
                         if module in roots and label not in ("Celery", "RQ")), None)
        # the file's role (scopes.file_kind, without LibCST)
        kind = {"test": ScopeKind.TEST, "script": ScopeKind.SCRIPT}.get(
            path_role(PurePosixPath(str(ex.path).replace("\\", "/"))))
        if kind is None and any(is_test_harness_module(m) for m in roots):
            kind = ScopeKind.TEST
        self.file_kind = kind
        self.main_guarded = {id(n) for stmt in ex.tree.body if type(stmt) is ast.If and _main_guard(stmt.test)
                             for n in ast.walk(stmt)}
        for f in ex.fns.values():
            found = self._decorated(f) or self._by_class(f) or self._by_signature(f)
            if found is not None:
                self.direct[f] = found

    @property
    def registrations(self) -> tuple[Registration, ...]:
        return tuple(self.regs)

    # -- per function ------------------------------------------------------------------
    def scope_of(self, f) -> Scope | None:
        if self.file_kind is not None:
            kind = ScopeKind.TEST if self.file_kind is ScopeKind.TEST else ScopeKind.SCRIPT
            if self.direct.get(f, (None,))[0] is ScopeKind.FACTORY:
                kind = ScopeKind.FACTORY
            return Scope(kind, None, f.name, self.ex.name_span(f.node))
        mark = self.direct.get(f)
        if mark is not None:
            return Scope(mark[0], mark[1], f.name, self.ex.name_span(f.node), health=f in self.health)
        if f.parent is not None:   # a closure inherits its function's mark
            return self.scope_of(f.parent)
        return None

    def memoised(self, f) -> bool:
        return self.direct.get(f, (None,))[0] is ScopeKind.FACTORY

    def mark(self, f, kind: ScopeKind, framework) -> None:
        if f is None:
            return
        old = self.direct.get(f)
        if old is not None and old[0] in (ScopeKind.FACTORY, ScopeKind.TEST):
            return
        if old is None or kind is R and old[0] is ScopeKind.SCRIPT:
            self.direct[f] = (kind, framework)

    def _decorated(self, f):
        found = None
        for dec in f.node.decorator_list:
            call = dec if type(dec) is ast.Call else None
            target = call.func if call is not None else dec
            q = self.ex.qname(target)
            hit = qname_scope(q)
            if hit is not None and hit[0] in FINAL:
                return hit
            found = found or hit
            if call is not None and call.args and route_decorator(
                    target.attr if type(target) is ast.Attribute else None, (q,)) \
                    and health_url(_string(call.args[0])):
                self.health.add(f)   # `@app.get("/health")`
            if type(target) is ast.Attribute and not found:
                row = fp.decorator_attr_row(target.attr, call.args if call is not None else None,
                                             self.imported)
                if row is not None:
                    event = _string(call.args[0]) if row.kind in EVENT_ROWS else None
                    found = attr_row_scope(row, target.attr, event, self.web, self.imported)
        return found


    def _by_class(self, f):
        if f.cls is None:
            return None
        cls = _class_node(self.ex, f)
        if cls is None:
            return None
        for base in cls.bases:
            q = self.ex.qname(base) or ast.unparse(base)
            last = q.rsplit(".", 1)[-1]
            if last in fp.VIEW_BASES and f.name in fp.VIEW_BASES[last][0]:
                return R, fp.VIEW_BASES[last][1]
            if last in fp.STARTUP_BASES and f.name == fp.STARTUP_BASES[last][0]:
                return ScopeKind.STARTUP, fp.STARTUP_BASES[last][1]
        if f.name in ("__call__", "process_request", "process_view"):
            for stmt in cls.body:
                if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef) and stmt.name == "__init__":
                    params = [a.arg for a in stmt.args.args]
                    if "get_response" in params or "app" in params:
                        return R, self.web or "middleware"
        return None

    def _by_signature(self, f):
        if f.parent is not None or f.cls is not None:
            return None
        params = list(f.params)
        if (f.name in ("handler", "lambda_handler") or params[:2] == ["event", "context"]) and len(params) == 2:
            return R, "AWS Lambda"
        if "azure" in self.imported and f.name == "main" and params:
            return R, "Azure Functions"
        path = PurePosixPath(str(self.ex.path).replace("\\", "/"))
        if params[:1] == ["request"] and (path.stem == "views" or "views" in path.parts[:-1]
                                         or "django" in self.imported and f.name != "main"):
            return R, self.web or "Django"
        return None

    # -- registrations -----------------------------------------------------------------
    def call(self, call: ast.Call, owner) -> None:
        ex, func = self.ex, call.func
        q = ex.qname(func) or ""
        args = call.args
        kw = {k.arg: k.value for k in call.keywords if k.arg}
        if q in fp.DEPENDS or not q and type(func) is ast.Name and func.id in DEPENDS_NAMES \
                or q.rsplit(".", 1)[-1] in DEPENDS_NAMES and q.startswith(("fastapi", "litestar")):
            target = args[0] if args else kw.get("dependency") or marker_annotation(ex.parent, call)
            fw = "FastAPI dependency" if "fastapi" in self.imported else self.web
            alias = marker_alias(ex.parent, ex.tree, call) if owner is None else None
            self._register(target, owner, call, R, fw, alias)
            return
        if q in fp.RUNNERS:
            if args:
                inner = args[0].func if type(args[0]) is ast.Call else args[0]
                self.mark(self._local(inner, owner), ScopeKind.SCRIPT, fp.SCRIPT_ENTRY)
            return
        if q in fp.ROUTE_CONSTRUCTORS:
            target = args[1] if len(args) > 1 else kw.get("endpoint") or kw.get("handler")
            self._register(target, owner, call, R, self.web)
            return
        for key, value in kw.items():
            if key not in HOOK_KEYWORDS:
                continue
            values = value.elts if type(value) in (ast.List, ast.Tuple) else [value]
            for v in values:
                if type(v) is ast.Call and key == "dependencies":
                    continue
                self._register(v, owner, call, HOOK_KEYWORDS[key], self.web)
        if id(call) in self.main_guarded and type(func) is ast.Name:
            self.mark(self._local(func, owner), ScopeKind.SCRIPT, fp.SCRIPT_ENTRY)
            return
        if type(func) is not ast.Attribute:
            return
        attr = func.attr
        if attr in fp.REGISTER_ATTRS:
            i = fp.REGISTER_ATTRS[attr]
            target = args[i] if len(args) > i else next(
                (kw[k] for k in fp.REGISTER_KEYWORDS if k in kw), None)
            self._register(target, owner, call, R, "RQ" if attr.startswith("enqueue") else self.web)
        elif attr == "add_event_handler" and len(args) >= 2:
            kind = ScopeKind.STARTUP if _string(args[0]) == "startup" else ScopeKind.TEARDOWN
            self._register(args[1], owner, call, kind, self.web)
        elif attr in ("append", "insert") and type(func.value) is ast.Attribute \
                and func.value.attr in HOOK_LISTS and args:
            self._register(args[-1], owner, call, HOOK_LISTS[func.value.attr], self.web)
        elif attr == "run_until_complete" and args and type(args[0]) is ast.Call:
            self.mark(self._local(args[0].func, owner), ScopeKind.SCRIPT, None)

    def _local(self, expr, owner):
        """The same-file function an expression names: `fn`, a closure, `Cls.method`."""
        ex = self.ex
        if type(expr) is ast.Name:
            f = owner
            while f is not None:
                inner = ex._nested(f, expr.id)
                if inner is not None:
                    return inner
                f = f.parent
            return ex.by_name.get(expr.id) if expr.id not in ex.qn else None
        if type(expr) is ast.Attribute and type(expr.value) is ast.Name:
            owner_name = expr.value.id
            if owner_name in ("self", "cls") and owner is not None and owner.cls:
                owner_name = owner.cls
            for f in ex.fns.values():
                if f.qualname == f"{owner_name}.{expr.attr}":
                    return f
        return None

    def _register(self, target, owner, call, kind: ScopeKind, framework, alias: str | None = None) -> None:
        if target is None:
            return
        local = self._local(target, owner)
        if local is not None:
            self.mark(local, kind, framework)
            ref = self.ex._ref_of(target) if alias is not None else None
            if ref is not None:   # `DB = Depends(get_db)` beside `get_db`: for the routes taking `DB`
                self.regs.append(Registration(Scope(kind, framework), ref, self.ex.site_span(call), alias))
            return
        ref = self._class_dependency(target, call) if kind is R else None
        ref = ref or self.ex._ref_of(target)
        if ref is None and type(target) is ast.Name and target.id in {i.name for i in self.ex.instances}:
            ref = CalleeRef("name", target.id, (), target.id)   # the linker takes its `__call__`
        if ref is None or ref.kind == "name" and not ref.path \
                and ref.target not in {i.name for i in self.ex.instances}:
            return
        # the function whose parameters hold `Depends(x)` is the handler, nested or not
        # (`def init_app(app):` defining its routes runs once, at start-up)
        top = self.ex.signature_of(call)
        if top is None:
            top = owner
            while top is not None and top.parent is not None:
                top = top.parent
        name = top.name if top is not None else None
        span = self.ex.name_span(top.node) if top is not None else None
        self.regs.append(Registration(Scope(kind, framework, name, span), ref, self.ex.site_span(call), alias))


    def _class_dependency(self, target, call):
        """FastAPI calls a class dependency per request: `Depends(UserService)` runs its
        `__init__`, `Depends(Checker())` its `__call__`, `x: Annotated[Svc, Depends()]` and
        `x: Svc = Depends()` the annotated class's `__init__`."""
        ex = self.ex
        if type(target) is ast.Call and _capitalised(target.func):
            ref, method = ex._ref_of(target.func), "__call__"
        elif target is not None and _capitalised(target):
            ref, method = ex._ref_of(target), "__init__"
        else:
            return None
        if ref is None or ref.kind == "name" and ref.target not in ex.classes:
            return None
        return replace(ref, path=(*ref.path, method), written=ast.unparse(target))




def _class_node(ex, f):
    p = ex.parent.get(f.node)
    return p if type(p) is ast.ClassDef else None


def _main_guard(test) -> bool:
    return type(test) is ast.Compare and type(test.left) is ast.Name and test.left.id == "__name__" \
        and len(test.comparators) == 1 and _string(test.comparators[0]) == "__main__"


def guarded(ex, call: ast.Call, f) -> bool:
    """`if db is None: db = Prisma()` on a global or an attribute: built once (memoised)."""
    p = ex.parent.get(call)
    if type(p) is ast.Await:
        p = ex.parent.get(p)
    targets, _ = (p.targets, None) if type(p) is ast.Assign else ([p.target], None) \
        if type(p) is ast.AnnAssign else ([], None)
    if len(targets) != 1:
        return False
    key = ast.unparse(targets[0])
    root = key.split(".")[0]
    if root in ("g", "request"):
        return False
    if type(targets[0]) is ast.Name and not any(
            type(n) is ast.Global and key in n.names for n in ast.walk(f.node)):
        return False
    a = ex.parent.get(p)
    while a is not None and a is not f.node:
        if type(a) is ast.If and key in ast.unparse(a.test):
            return True
        a = ex.parent.get(a)
    return False
