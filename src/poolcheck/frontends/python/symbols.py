"""Python symbols for the linker, from CPython's `ast` (the C parser, not LibCST).

Every Python file the link needs gets them, also the files the gate sends nowhere near
LibCST (`from app.db import db` then `await db.user.find_many()` is exactly the helper a
transaction two files away must see). One walk per file: imports (absolute, relative with
their level, `import a.b as c`), the top-level names (a Python module exports all of them;
an `__init__.py`'s imports are its re-exports), functions and methods named as the LibCST
front-end names them (`Cls.method`, `outer.<locals>.inner`, id `qualname@line of the name`),
their call sites and local effects, `Depends(x)`/`Security(x)`/`Provide(x)` as request-scope
registrations. Which functions run per request, at start-up, in a script or a test comes
from `symbol_scopes` (the framework tables of `vocabulary.frameworks_py`).

Columns: `ast` gives UTF-8 byte offsets; spans go through `Source` (the one line model),
so they agree with the LibCST facts on non-ASCII lines.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ...core.diagnostics import Span
from ...symbols import (Arg, CallSite, CalleeRef, ClassInfo, Effects, Function, Import, Instance,
                        ModuleSymbols, Registration)
from ...vocabulary import clients as c
from . import symbol_scopes as py_marks

PRISMA_ACTIONS = c.PY_QUERY_ACTIONS
RAW_QUERIES = c.PY_RAW_QUERIES
is_prisma_class = c.py_client_class

FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
LIFECYCLE = c.PY_LIFECYCLE
# Calls whose call arguments run detached from the caller (a fire-and-forget).
DETACH = frozenset({"create_task", "ensure_future", "run_coroutine_threadsafe", "call_soon",
                    "add_task", "submit", "run_in_executor", "start_soon"})
NOT_MODELS = frozenset({"objects", "session", "table"})


def extract(tree: ast.Module, source, path) -> ModuleSymbols:
    return _Extractor(tree, source, path).run()


@dataclass(eq=False)
class _Fn:
    node: ast.AST
    name: str
    qualname: str
    id: str
    parent: "_Fn | None"
    cls: str | None
    params: tuple[str, ...]
    calls: list = field(default_factory=list)
    local: dict = field(default_factory=dict)
    nodes: list = field(default_factory=list)   # what it runs itself, in source order


class _Extractor:
    def __init__(self, tree: ast.Module, source, path):
        self.tree = tree
        self.source = source
        self.path = path
        self.parent: dict[ast.AST, ast.AST] = {}
        self.qn: dict[str, str] = {}          # imported local name -> dotted qualified name
        self.imports: list[Import] = []
        self.fns: dict[ast.AST, _Fn] = {}
        self.by_name: dict[str, _Fn] = {}     # module-level function name -> _Fn
        self.classes: dict[str, ast.ClassDef] = {}
        self.clients: set[str] = set()        # module-level names bound to a client
        self.aliases: list[tuple[str, str]] = []
        self.instances: list[Instance] = []
        self.module_calls: list[CallSite] = []
        self.registrations: list[Registration] = []
        self.children: dict[tuple[int, str], _Fn] = {}   # (id of the enclosing _Fn, name) -> closure
        self.calls: list[ast.Call] = []
        self.import_locals: set[str] = set()
        self.query_roots: set[str] = set()
        self.methods: dict[tuple[str, str], _Fn] = {}   # (class name, method name) -> method
        self.module_types: dict[str, str] = {}   # module-level name -> the package call it holds

    # -- positions -------------------------------------------------------------------
    def pos(self, line: int, col: int) -> tuple[int, int]:
        if self.source.is_ascii:
            return line, col + 1
        starts = self.source._starts()
        if line - 1 >= len(starts):
            return line, col + 1
        return self.source.position(starts[line - 1] + col)

    def span(self, node) -> Span:
        line, col = self.pos(node.lineno, node.col_offset)
        end_line, end_col = self.pos(node.end_lineno or node.lineno, node.end_col_offset or 0)
        return Span(line, col, end_line, end_col)

    def name_span(self, fn) -> Span:
        """The span of a def's name (LibCST's Scope.span): the name follows `def` on its line."""
        text = self.source.line_text(fn.lineno) if fn.lineno else ""
        start = _byte_col(text, fn.col_offset, self.source.is_ascii)
        i = text.find(fn.name, text.find("def", start) + 3) if "def" in text[start:] else -1
        if i < 0:
            s = self.span(fn)
            return Span(s.line, s.col, s.line, s.col)
        return Span(fn.lineno, i + 1, fn.lineno, i + 1 + len(fn.name))

    # -- structure -------------------------------------------------------------------
    def run(self) -> ModuleSymbols:
        self._index(self.tree, None, None)
        self._module_level()
        self.import_locals = {i.local for i in self.imports}
        self.names = self.clients | {n for n, _ in self.aliases} | {i.name for i in self.instances}
        self.query_roots = {r for r in (self._query_root(c.func) for c in self.calls) if r is not None}
        marks = py_marks.Marks(self)
        for node in self.calls:
            self._call(node, marks)
        functions = tuple(self._function(f, marks) for f in self.fns.values())
        classes = tuple(self._class(c) for c in self.classes.values())
        return ModuleSymbols(
            ecosystem="python", imports=tuple(self.imports), functions=functions, classes=classes,
            instances=tuple(self.instances), module_calls=tuple(self.module_calls),
            registrations=tuple(self.registrations) + marks.registrations,
            client_bindings=tuple(sorted(self.clients)), aliases=tuple(self.aliases),
            exports_all=True)

    def _index(self, node, fn: _Fn | None, cls: str | None, own: _Fn | None = None) -> None:
        """Parents, functions (with LibCST's qualnames), imports, calls, and the nodes each
        function runs itself (`own`: its body, not nested functions, lambdas or classes),
        in one walk, in source order."""
        for child in ast.iter_child_nodes(node):
            self._visit(child, node, fn, cls, own)

    def _visit(self, child, node, fn: _Fn | None, cls: str | None, own: _Fn | None) -> None:
        self.parent[child] = node
        t = type(child)
        if own is not None:
            own.nodes.append(child)
        if t in FUNCS:
            f = self._new_function(child, fn, cls)
            body = {id(b) for b in child.body}
            for sub in ast.iter_child_nodes(child):   # decorators and defaults run outside
                self._visit(sub, child, f, None, f if id(sub) in body else own)
            return
        if t is ast.ClassDef:
            if fn is None and cls is None:
                self.classes.setdefault(child.name, child)
            self._index(child, fn, child.name, None)
            return
        if t is ast.Import or t is ast.ImportFrom:
            self._import(child, fn is None)
        elif t is ast.Call:
            self.calls.append(child)
        self._index(child, fn, cls, None if t is ast.Lambda else own)

    def _new_function(self, child, fn: _Fn | None, cls: str | None) -> _Fn:
        if cls is not None:
            qual = f"{cls}.{child.name}"
        elif fn is not None:
            qual = f"{fn.qualname}.<locals>.{child.name}"
        else:
            qual = child.name
        a = child.args
        positional = [*a.posonlyargs, *a.args]
        # keyword-only parameters come last: only keywords reach them
        params = [x.arg for x in (*positional, *a.kwonlyargs)]
        defaults = dict(zip([x.arg for x in positional[len(positional) - len(a.defaults):]], a.defaults))
        defaults.update((x.arg, d) for x, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None)
        if cls is not None and params[:1] in (["self"], ["cls"]) and not _static(child):
            params = params[1:]
        f = _Fn(child, child.name, qual, f"{qual}@{child.lineno}", fn, cls, tuple(params))
        f.local["defaults"] = defaults
        self.fns[child] = f
        if fn is not None and cls is None:
            self.children.setdefault((id(fn), child.name), f)
        if fn is None and cls is None:
            self.by_name.setdefault(child.name, f)
        if cls is not None:
            self.methods.setdefault((cls, child.name), f)
        return f

    def _import(self, node, top: bool) -> None:
        span = self.span(node)
        if type(node) is ast.Import:
            for a in node.names:
                if a.asname:
                    self._bind(Import(a.asname, a.name, "*", span=span), a.name, top)
                    continue
                root = a.name.split(".")[0]
                self._bind(Import(root, root, "*", span=span), root, top)
                if a.name != root:  # `import a.b`: calls spell `a.b.f()` (see _ref)
                    self._bind(Import(a.name, a.name, "*", span=span), a.name, top)
            return
        module = node.module or ""
        dots = "." * (node.level or 0)
        for a in node.names:
            if a.name == "*":
                continue
            local = a.asname or a.name
            qual = f"{dots}{module}.{a.name}" if module else f"{dots}{a.name}"
            self._bind(Import(local, module, a.name, level=node.level or 0, span=span), qual, top)

    def _bind(self, imp: Import, qual: str, top: bool) -> None:
        self.qn.setdefault(imp.local, qual)
        if top:
            self.imports.append(imp)

    def qname(self, expr) -> str | None:
        """The dotted qualified name an expression spells through the file's imports."""
        parts = []
        while type(expr) is ast.Attribute:
            parts.append(expr.attr)
            expr = expr.value
        if type(expr) is not ast.Name or expr.id not in self.qn:
            return None
        return ".".join([self.qn[expr.id], *reversed(parts)])

    def _module_level(self) -> None:
        """Module-level clients, aliases and instances (`db = Prisma()`, `prisma = db`,
        `users = UserService()`)."""
        for stmt in self.tree.body:
            targets, value = _assignment(stmt)
            if value is None:
                if type(stmt) is ast.AnnAssign and type(stmt.target) is ast.Name \
                        and is_prisma_class(self.qname(stmt.annotation) or ""):
                    self.clients.add(stmt.target.id)   # `db: Prisma` filled at start-up
                continue
            for t in targets:
                if type(t) is not ast.Name:
                    continue
                if self.is_client_source(value):
                    self.clients.add(t.id)
                elif type(value) is ast.Name:
                    self.aliases.append((t.id, value.id))
                elif type(value) is ast.Call and type(value.func) is ast.Name and _capitalised(value.func) \
                        and (value.func.id in self.classes or value.func.id in self.qn):
                    name = value.func.id   # `users = UserService()`: a module instance
                    kind = "name" if name in self.classes else "import"
                    self.instances.append(Instance(t.id, CalleeRef(kind, name), self.span(stmt)))
                    if kind == "import":
                        self._package_value(t.id, value)
                elif type(value) in (ast.Call, ast.Await):
                    self._package_value(t.id, value)
        for name, target in self.aliases:
            if target in self.clients:
                self.clients.add(name)

    def _package_value(self, name: str, value) -> None:
        """`s3 = boto3.client("s3")`, `http = httpx.AsyncClient()`: a module-level object of a
        package, whose method calls are that package's (`s3.put_object` is `boto3.client...`)."""
        q = self._package_call(value)
        if q is not None:
            self.module_types[name] = q

    def _package_call(self, value) -> str | None:
        if type(value) is ast.Await:
            value = value.value
        if type(value) is not ast.Call:
            return None
        q = self.qname(value.func)
        return None if q is None or q.startswith(".") or is_prisma_class(q) else q

    def is_construction(self, call) -> bool:
        return type(call) is ast.Call and is_prisma_class(self.qname(call.func) or "")

    def is_client_source(self, value) -> bool:
        """`Prisma(...)`, `get_client()`, `Prisma(...)` awaited or in parentheses."""
        if type(value) is ast.Await:
            value = value.value
        if type(value) is not ast.Call:
            return False
        q = self.qname(value.func) or ""
        return is_prisma_class(q) or q in ("prisma.get_client", "prisma.client.get_client")

    # -- functions ---------------------------------------------------------------------
    def enclosing(self, node) -> _Fn | None:
        """The function whose body runs `node` (decorators, defaults and annotations run in
        the scope around the def)."""
        child, p = node, self.parent.get(node)
        while p is not None:
            if type(p) in FUNCS and child in p.body:
                return self.fns[p]
            child, p = p, self.parent.get(p)
        return None

    def signature_of(self, node) -> _Fn | None:
        """The function whose decorators or parameters hold `node` (`Depends(get_db)`)."""
        child, p = node, self.parent.get(node)
        while p is not None:
            if type(p) in FUNCS:
                return None if child in p.body else self.fns[p]
            child, p = p, self.parent.get(p)
        return None

    def _function(self, f: _Fn, marks) -> Function:
        effects = self._effects(f)
        return Function(
            id=f.id, name=f.name, qualname=f.qualname, span=self.name_span(f.node),
            body=self.span(f.node), kind="method" if f.cls else "function", owner=f.cls,
            params=f.params, direct_scope=marks.scope_of(f), memoised=marks.memoised(f),
            parent=f.parent.id if f.parent is not None else None, calls=tuple(f.calls),
            effects=effects)

    def _class(self, c: ast.ClassDef) -> ClassInfo:
        methods = tuple((s.name, self.fns[s].id) for s in c.body if type(s) in FUNCS)
        bases = tuple(r for r in (self._ref_of(b) for b in c.bases) if r is not None)
        return ClassInfo(c.name, self.span(c), methods, bases)

    def _ref_of(self, expr) -> CalleeRef | None:
        root, path = _chain(expr)
        if root is None:
            return None
        if root in self.qn:
            return CalleeRef("import", root, path, ast.unparse(expr))
        if root in self.classes or root in self.by_name:
            return CalleeRef("name", root, path, ast.unparse(expr))
        return None

    # -- call sites --------------------------------------------------------------------
    def _call(self, call: ast.Call, marks) -> None:
        owner = self.enclosing(call)
        marks.call(call, owner)
        if owner is not None:
            self._local(call, owner)   # first: it knows which fallback queries are guarded
        site = self._site(call, owner)
        if site is None:
            return
        if owner is None:
            self.module_calls.append(site)
        else:
            owner.calls.append(site)

    def site_span(self, call) -> Span:
        """The call, or `await call` (where the LibCST facts put awaited calls)."""
        p = self.parent.get(call)
        return self.span(p if type(p) is ast.Await else call)

    def _site(self, call: ast.Call, owner: _Fn | None) -> CallSite | None:
        ref = self._callee(call.func, owner)
        if ref is None and self._query_root(call.func) is not None and owner is not None:
            # a query on a local or a model (`client.user.find_many()`, `User.prisma().count()`):
            # a site of its own, so the linker knows when it runs (unless_param)
            fallback = owner.local.get("fallback", {}).get(id(call))
            root, path = _chain(call.func)
            if fallback is not None:   # the shared client it queries when not handed one
                ref = CalleeRef("import" if fallback in self.qn else "name", fallback, path,
                                ".".join((fallback, *path)))
            else:
                ref = CalleeRef("unknown", "", (), ast.unparse(call.func))
        if ref is None or _capitalised(call.func):
            return None   # constructing an object is not a call into its code
        tx = self._transaction_of(call, owner)
        return CallSite(
            span=self.site_span(call), callee=ref, args=self._args(call, owner, tx),
            keywords=self._keywords(call, owner, tx), unless_param=self._unless(call, owner),
            awaited=self._awaited(call), in_loop=self._in_loop(call, owner),
            transaction=tx[0] if tx else None, transaction_receiver=tx[1] if tx else None,
            query=self._query_shape(call.func))

    def _callee(self, func, owner: _Fn | None) -> CalleeRef | None:
        root, path = _chain(func)
        if root is None:
            return self._on_package_call(func)
        written = ast.unparse(func)
        if root in ("self", "cls") and owner is not None and self._method_owner(owner) and path:
            if len(path) != 1:
                return None
            return CalleeRef("this", "", path, written)
        if owner is not None and not path:
            f = owner
            while f is not None:   # a closure of an enclosing function
                inner = self._nested(f, root)
                if inner is not None:
                    return CalleeRef("local", inner.id, (), written)
                f = f.parent
        if self._shadowed(root, owner):
            return self._typed(root, path, written, owner)
        # `import a.b` binds `a`; the call spells `a.b.f()`: the longest import prefix
        for k in range(len(path), 0, -1):
            dotted = ".".join((root, *path[:k]))
            if dotted in self.import_locals:
                return CalleeRef("import", dotted, path[k:], written, self._external(dotted, path[k:]))
        if root in self.qn:
            return CalleeRef("import", root, path, written, self._external(root, path))
        if not path and root in self.by_name:
            return CalleeRef("local", self.by_name[root].id, (), written)
        if root in self.classes or root in self.by_name or root in self.names:
            return CalleeRef("name", root, path, written, self._external_of(root, path))
        if root in self.module_types and path:
            return CalleeRef("external", root, path, written, self._external_of(root, path))
        return None

    def _external_of(self, root: str, path: tuple[str, ...]) -> str | None:
        q = self.module_types.get(root)
        return ".".join((q, *path)) if q is not None else None

    def _on_package_call(self, func) -> CalleeRef | None:
        """`boto3.client("s3").put_object(...)`: a method of what a package call returns."""
        parts = []
        while type(func) is ast.Attribute:
            parts.append(func.attr)
            func = func.value
        q = self._package_call(func) if parts else None
        if q is None:
            return None
        path = tuple(reversed(parts))
        return CalleeRef("external", "", path, ".".join((q.rsplit(".", 1)[-1] + "()", *path)),
                         ".".join((q, *path)))

    def _external(self, root: str, path: tuple[str, ...]) -> str | None:
        q = self.qn.get(root, "")
        if q.startswith(".") or not q:
            return None
        return ".".join((q, *path))

    def _method_owner(self, f: _Fn) -> bool:
        return f.cls is not None

    def _nested(self, f: _Fn, name: str) -> _Fn | None:
        return self.children.get((id(f), name))

    def _shadowed(self, name: str, owner: _Fn | None) -> bool:
        """A parameter or a local assignment of `owner` (or of the functions around it)."""
        f = owner
        while f is not None:
            if name in f.params or name in self._locals(f):
                return True
            f = f.parent
        return False

    def _locals(self, f: _Fn) -> dict[str, ast.AST]:
        """Names a function binds itself, with the value bound (`with ... as` included)."""
        got = f.local.get("names")
        if got is None:
            got = {}
            for node in f.nodes:
                t = type(node)
                if t in (ast.Assign, ast.AnnAssign, ast.AugAssign):
                    targets, value = _assignment(node)
                    for tg in targets:
                        if type(tg) is ast.Name:
                            got.setdefault(tg.id, value)
                elif t is ast.withitem and type(node.optional_vars) is ast.Name:
                    got.setdefault(node.optional_vars.id, node.context_expr)
                elif t in (ast.For, ast.AsyncFor, ast.comprehension) and type(node.target) is ast.Name:
                    got.setdefault(node.target.id, None)
                elif t is ast.Global or t is ast.Nonlocal:
                    for n in node.names:
                        got.pop(n, None)
                        got.setdefault("$global:" + n, None)
            for key in [k for k in got if k.startswith("$global:")]:
                got.pop(key[8:], None)
            f.local["names"] = got
        return got

    def _typed(self, name, path, written, owner: _Fn | None) -> CalleeRef | None:
        """A call on a local bound to an instance of a package class: `c = httpx.AsyncClient()`,
        `async with httpx.AsyncClient() as c: c.post()`, `s3 = boto3.client("s3")`."""
        if not path or owner is None:
            return None
        value = self._locals(owner).get(name)
        if type(value) is ast.Await:
            value = value.value
        if type(value) is not ast.Call:
            return None
        q = self.qname(value.func)
        if q is None or q.startswith(".") or is_prisma_class(q):
            return None
        return CalleeRef("external", name, path, written, ".".join((q, *path)))

    def _args(self, call: ast.Call, owner: _Fn | None, tx) -> tuple[Arg, ...]:
        # every argument passed keeps its place (`passes(site, k)` asks whether k was given);
        # `None` is as good as not passing it
        return tuple(Arg("absent") if _is_none(a) else self._arg(a, owner, tx) for a in call.args
                     if type(a) is not ast.Starred)

    def _keywords(self, call: ast.Call, owner: _Fn | None, tx) -> tuple[tuple[str, Arg], ...]:
        return tuple((k.arg, Arg("absent") if _is_none(k.value) else self._arg(k.value, owner, tx))
                     for k in call.keywords if k.arg)

    def _arg(self, a, owner: _Fn | None, tx) -> Arg:
        if type(a) is not ast.Name:
            return Arg("other")
        if tx is not None and a.id in tx[2]:
            return Arg("tx")
        if owner is not None and a.id in owner.params and a.id not in self._locals(owner):
            return Arg("param", index=owner.params.index(a.id))
        if tx is not None and a.id == tx[1]:
            return Arg("outer-client")
        if not self._shadowed(a.id, owner) and (a.id in self.clients or a.id in self.qn
                                                  and self._clientlike_import(a.id)):
            return Arg("outer-client")
        return Arg("other")

    def _clientlike_import(self, name: str) -> bool:
        """An imported name the file uses as a client (`db.user.find_many()`, `db.tx()`)."""
        return name in self.query_roots

    def _awaited(self, call) -> bool | None:
        p = self.parent.get(call)
        if type(p) in (ast.Await, ast.Return, ast.Yield):
            return True
        if type(p) is ast.Call and call in p.args:
            last = p.func.attr if type(p.func) is ast.Attribute else getattr(p.func, "id", "")
            if last in DETACH:
                return False
        return None

    def _in_loop(self, node, owner: _Fn | None) -> bool:
        p = self.parent.get(node)
        while p is not None and (owner is None or p is not owner.node):
            if type(p) in LOOPS:
                return True
            if type(p) in FUNCS or type(p) is ast.Lambda:
                return False
            p = self.parent.get(p)
        return False

    def _transaction_of(self, node, owner: _Fn | None):
        """(span of `db.tx()`, its receiver, the names bound to the transaction client) of the
        innermost `with db.tx() as tx:` of the same function whose body holds `node`."""
        child, p = node, self.parent.get(node)
        while p is not None and (owner is None or p is not owner.node):
            if type(p) in FUNCS or type(p) is ast.Lambda or type(p) is ast.ClassDef:
                return None
            if type(p) in (ast.With, ast.AsyncWith) and child in p.body:
                names, found = set(), None
                for item in p.items:
                    expr = item.context_expr
                    if type(expr) is ast.Call and type(expr.func) is ast.Attribute:
                        if expr.func.attr == "tx" and found is None:
                            found = (self.span(expr), ast.unparse(expr.func.value))
                            if type(item.optional_vars) is ast.Name:
                                names.add(item.optional_vars.id)
                        elif type(expr.func.value) is ast.Name and expr.func.value.id in names \
                                and type(item.optional_vars) is ast.Name:
                            names.add(item.optional_vars.id)   # `tx.batch_() as b`
                if found is not None:
                    return found[0], found[1], frozenset(names)
            child, p = p, self.parent.get(p)
        return None

    # -- local effects -----------------------------------------------------------------
    def _query_shape(self, func) -> bool:
        return self._query_root(func) is not None

    def _query_root(self, func) -> str | None:
        """`x.user.find_many` / `x.query_raw` -> "x"; `User.prisma().create` -> "@model"."""
        if type(func) is not ast.Attribute:
            return None
        base = func.value
        if func.attr in PRISMA_ACTIONS and type(base) is ast.Call and type(base.func) is ast.Attribute \
                and base.func.attr == "prisma":
            return "@model"
        if func.attr in RAW_QUERIES and type(base) is ast.Name:
            return base.id
        if func.attr in PRISMA_ACTIONS and type(base) is ast.Attribute and type(base.value) is ast.Name \
                and base.attr[:1].islower() and base.attr not in NOT_MODELS:
            return base.value.id
        return None

    def _local(self, call: ast.Call, f: _Fn) -> None:
        loc = f.local
        p = self.parent.get(call)
        if type(p) is ast.Await:
            p = self.parent.get(p)
        if type(p) in (ast.Return, ast.Yield):
            loc.setdefault("returns", []).append(self.site_span(call))
        if self.is_construction(call):
            loc.setdefault("constructs", []).append(call)
            return
        func = call.func
        root = self._query_root(func)
        if root is not None:
            loc["queries"] = True
            if root == "@model":
                arg = func.value.args[0] if func.value.args else None
                if arg is None:
                    loc.setdefault("outer", []).append(self.site_span(call))
                elif type(arg) is ast.Name and arg.id in f.params and arg.id not in self._locals(f):
                    loc.setdefault("params", []).append((f.params.index(arg.id), self.site_span(call)))
            elif root in f.params and root not in self._locals(f):
                loc.setdefault("params", []).append((f.params.index(root), self.site_span(call)))
                default = loc["defaults"].get(root)
                if type(default) is ast.Name and default.id in self.clients | set(self.qn):
                    # `def notify(..., tx=prisma)`: the shared client when the caller passes none
                    loc.setdefault("unless", {})[id(call)] = f.params.index(root)
                    loc.setdefault("fallback", {})[id(call)] = default.id
            elif not self._shadowed(root, f) and root in self.clients:
                loc.setdefault("outer", []).append(self.site_span(call))
            else:
                self._fallback_query(call, root, f)
            return
        if type(func) is ast.Attribute and func.attr in LIFECYCLE and type(func.value) is ast.Name:
            name = func.value.id
            value = self._locals(f).get(name)
            if type(value) is ast.Await:
                value = value.value
            if type(value) is ast.Call and not self.is_construction(value):
                loc.setdefault("lifecycle_from", []).append((self.site_span(call), self.site_span(value)))

    def _fallback_query(self, call, root: str, f: _Fn) -> None:
        """`client = db or prisma` / `db = db or prisma` / `if db is None: db = prisma`, then
        `client.user.create()`: through parameter `db` when given, else the shared client
        (an outer query only for callers that do not pass `db`: the site's unless_param)."""
        value = self._locals(f).get(root)
        shared = self.clients | {n for n in self.qn if not self._shadowed(n, f)}
        param = _or_fallback(value, f.params, shared) if value is not None else None
        if param is None and root in f.params and type(value) is ast.Name and value.id in shared:
            param = root   # `if db is None: db = prisma`
        if param is None:
            return
        loc = f.local
        loc.setdefault("params", []).append((f.params.index(param), self.site_span(call)))
        loc.setdefault("unless", {})[id(call)] = f.params.index(param)   # the site queries the client
        fallback = value if type(value) is ast.Name else \
            value.values[1] if type(value) is ast.BoolOp else value.orelse if _tested_param(value.test)[1] is False \
            else value.body
        loc.setdefault("fallback", {})[id(call)] = fallback.id

    def _unless(self, call, f: _Fn | None) -> int | None:
        """The parameter whose absence the call is guarded by: `if not db:` / `if db is None:`
        bodies, the else of `if db:`, `a if db else call`, the statements after
        `if db: return ...`, and the fallbacks of `_fallback_query`."""
        if f is None or not f.params:
            return None
        known = f.local.get("unless", {}).get(id(call))
        if known is not None:
            return known
        child, p = call, self.parent.get(call)
        while p is not None:
            t = type(p)
            if (t is ast.If or t is ast.IfExp) and p is not f.node:
                name, negated = _tested_param(p.test)
                if name in self._client_params(f):
                    inside = child in p.body if t is ast.If else child is p.body
                    if inside == negated:
                        return f.params.index(name)
            block = getattr(p, "body", None)
            if t is not ast.IfExp and isinstance(block, list) and child in block:
                for stmt in block[:block.index(child)]:
                    if type(stmt) is ast.If and not stmt.orelse and stmt.body \
                            and type(stmt.body[-1]) in (ast.Return, ast.Raise):
                        name, negated = _tested_param(stmt.test)
                        if name in self._client_params(f) and not negated:
                            return f.params.index(name)
            if p is f.node:
                return None
            child, p = p, self.parent.get(p)
        return None

    def _client_params(self, f: _Fn) -> set[str]:
        """Parameters the function uses as a client: a query's root, `Model.prisma(p)`, or
        handed on whole to another call (`helper(tx)`)."""
        got = f.local.get("client_params")
        if got is None:
            got = set()
            for node in f.nodes:
                if type(node) is not ast.Call:
                    continue
                root = self._query_root(node.func)
                if root in f.params:
                    got.add(root)
                for a in (*node.args, *(k.value for k in node.keywords)):
                    if type(a) is ast.Name and a.id in f.params:
                        got.add(a.id)
            f.local["client_params"] = got
        return got

    def _effects(self, f: _Fn) -> Effects:
        loc = f.local
        constructs = [c for c in loc.get("constructs", ()) if not py_marks.guarded(self, c, f)]
        return Effects(
            constructs=tuple(self.span(c) for c in constructs),
            returns_fresh=bool(constructs) and self._returns_fresh(f, constructs),
            returns_calls=tuple(loc.get("returns", ())),
            lifecycle_from=tuple(loc.get("lifecycle_from", ())),
            outer_queries=tuple(loc.get("outer", ())),
            param_queries=tuple(loc.get("params", ())),
            queries=bool(loc.get("queries")))

    def _returns_fresh(self, f: _Fn, constructs) -> bool:
        """It returns or yields a client it built: `return Prisma()`, `db = Prisma(); yield db`."""
        names = {n for n, v in self._locals(f).items()
                 if v is not None and (v in constructs or type(v) is ast.Await and v.value in constructs)}
        for node in f.nodes:
            if type(node) in (ast.Return, ast.Yield) and node.value is not None:
                v = node.value.value if type(node.value) is ast.Await else node.value
                if v in constructs or type(v) is ast.Name and v.id in names:
                    return True
        return False


def _is_none(node) -> bool:
    return type(node) is ast.Constant and node.value is None


def _tested_param(test) -> tuple[str | None, bool]:
    """(name, negated) of `if db`, `if not db`, `if db is None`, `if db is not None`."""
    if type(test) is ast.Name:
        return test.id, False
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not and type(test.operand) is ast.Name:
        return test.operand.id, True
    if type(test) is ast.Compare and type(test.left) is ast.Name and len(test.ops) == 1 \
            and _is_none(test.comparators[0]):
        op = type(test.ops[0])
        if op in (ast.Is, ast.Eq):
            return test.left.id, True
        if op in (ast.IsNot, ast.NotEq):
            return test.left.id, False
    return None, False


def _or_fallback(value, params, clients) -> str | None:
    """The parameter of `db or prisma` / `db if db else prisma` (a shared client fallback)."""
    if type(value) is ast.BoolOp and type(value.op) is ast.Or and len(value.values) == 2 \
            and all(type(v) is ast.Name for v in value.values):
        p, c = value.values[0].id, value.values[1].id
        return p if p in params and c in clients else None
    if type(value) is ast.IfExp and type(value.body) is ast.Name and type(value.orelse) is ast.Name:
        name, negated = _tested_param(value.test)
        p, c = (value.body.id, value.orelse.id) if not negated else (value.orelse.id, value.body.id)
        return p if name == p and p in params and c in clients else None
    return None


def _assignment(stmt):
    t = type(stmt)
    if t is ast.Assign:
        return stmt.targets, stmt.value
    if t is ast.AnnAssign or t is ast.AugAssign:
        return [stmt.target], stmt.value
    return [], None


def _chain(expr) -> tuple[str | None, tuple[str, ...]]:
    parts = []
    while type(expr) is ast.Attribute:
        parts.append(expr.attr)
        expr = expr.value
    if type(expr) is not ast.Name:
        return None, ()
    return expr.id, tuple(reversed(parts))


def _capitalised(func) -> bool:
    name = func.attr if type(func) is ast.Attribute else getattr(func, "id", "")
    return name[:1].isupper()


def _static(fn) -> bool:
    return any(getattr(d, "id", None) == "staticmethod" for d in fn.decorator_list)


def _byte_col(text: str, col: int, ascii_only: bool) -> int:
    """A character index of a UTF-8 byte column of `text`."""
    if ascii_only:
        return col
    return len(text.encode("utf-8")[:col].decode("utf-8", errors="replace"))

