"""Call sites, for the Python symbols (`symbols.py`): how each call names its callee
(a function of the file, an import, `self.method`, a package object's method), its
arguments (the transaction client, a parameter, the shared client; keywords by name),
whether it is awaited or detached, in a loop, inside which `with db.tx()` body."""

from __future__ import annotations

import ast

from ...core.diagnostics import Span
from ...symbols import Arg, CallSite, CalleeRef
from .dependencies import capitalised as _capitalised, parameter_class
from .symbol_effects import FUNCS, _Fn, _is_none, is_prisma_class

LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# Calls whose call arguments run detached from the caller (a fire-and-forget).
DETACH = frozenset({"create_task", "ensure_future", "run_coroutine_threadsafe", "call_soon",
                    "add_task", "submit", "run_in_executor", "start_soon"})


class CallSites:
    """Mixin of the extractor (`symbols._Extractor`): the call sites of a function."""

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
            if fallback is not None and root is None:   # `(tx or db).user.find_many()`
                path = (call.func.value.attr, call.func.attr)
            alias = self.self_aliases.get(path[0]) if root == "self" and path else None
            if alias is not None:   # `self.db.user.find_many()` with `self.db = db` imported
                ref = CalleeRef("import", alias, path[1:], ast.unparse(call.func))
            elif fallback is not None and fallback.startswith("self."):   # `(tx or self.client)`: the field
                ref = CalleeRef("this", fallback[5:], path, ".".join((fallback, *path)))
            elif fallback is not None:   # the shared client it queries when not handed one
                ref = CalleeRef("import" if fallback in self.qn else "name", fallback, path,
                                ".".join((fallback, *path)))
            else:
                ref = CalleeRef("unknown", "", (), ast.unparse(call.func))
        if ref is not None and _capitalised(call.func):
            # constructing a class of the project runs its `__init__` (`UserService()` in a
            # handler builds what `__init__` builds, per request); a package's class is not a
            # call into the project (the known-library lists judge its methods, not this)
            if ref.kind not in ("name", "import") or self.is_construction(call) \
                    or ref.kind == "name" and ref.target not in self.classes:
                return None
            ref = CalleeRef(ref.kind, ref.target, (*ref.path, "__init__"), ref.written)
        if ref is None:
            return None
        tx = self._transaction_of(call, owner)
        return CallSite(
            span=self.site_span(call), callee=ref, args=self._args(call, owner, tx),
            keywords=self._keywords(call, owner, tx), unless_param=self._unless(call, owner),
            awaited=self._awaited(call), in_loop=self._in_loop(call, owner),
            transaction=tx[0] if tx else None, transaction_receiver=tx[1] if tx else None,
            query=self._query_shape(call.func) or ref.kind == "this" and self._field_query(call.func))

    def _callee(self, func, owner: _Fn | None) -> CalleeRef | None:
        root, path = _chain(func)
        if type(func) is ast.Subscript and type(func.value) is ast.Name and type(func.slice) is ast.Constant \
                and isinstance(func.slice.value, str):
            root, path = func.value.id, (func.slice.value,)   # `notes["count"]()` of a dict of functions
        if root is None:
            return self._on_package_call(func)
        written = ast.unparse(func)
        if root in ("self", "cls") and owner is not None and self._method_owner(owner) and path:
            alias = self.self_aliases.get(path[0]) if len(path) >= 2 else None
            if alias is not None:   # `self.s3.put_object()` of `self.s3 = s3_client` imported
                return CalleeRef("import", alias, path[1:], written, self._external(alias, path[1:]))
            if len(path) == 2 and path[0] not in self.self_clients:   # `self.mail.send()`
                return CalleeRef("this", path[0], path[1:], written)
            if path[0] not in self.self_clients and self._field_query(func):
                # `self.db.user.count()` of a field the class is handed: the linker's
                return CalleeRef("this", path[0], path[1:], written)
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
        factory = self._closure_of(root, owner) if path else None
        if factory is not None:   # `client.note.count()` in a def nested in `make_notes(client)`
            return CalleeRef("closure", factory.id, (str(factory.params.index(root)), *path), written)
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
        """`boto3.client("s3").put_object(...)`: a method of what a package call returns;
        `UserService().get_all()`: a method of the class built there."""
        parts = []
        written = ast.unparse(func)
        while type(func) is ast.Attribute:
            parts.append(func.attr)
            func = func.value
        if parts:
            hit = self._instance_method(func, tuple(reversed(parts)), written)
            if hit is not None:
                return hit
        inner = func.value if type(func) is ast.Await else func
        if not parts or type(inner) is not ast.Call:
            return None
        q = self._package_call(func)
        path = tuple(reversed(parts))
        # `get_client().post()`, `boto3.client("s3").put_object()`: a method of what the call
        # returns; the linker binds the call and asks (an absolute import may be the project's)
        return CalleeRef("returned", "", path, ".".join((q.rsplit(".", 1)[-1] + "()", *path)) if q else written,
                         ".".join((q, *path)) if q else None, call=self.site_span(inner))

    def _instance_method(self, value, path: tuple[str, ...], written: str) -> CalleeRef | None:
        """A method of the class a call builds (`UserService()`, by its capital), when the
        file defines or imports that class: the binder then decides whether it is the
        project's (its method is followed) or a package's (its qualified name goes to the
        known-library lists, as before). Prisma's client classes are left to the client facts."""
        if type(value) is not ast.Call or not _capitalised(value.func) or self.is_construction(value):
            return None
        ref = self._ref_of(value.func)
        if ref is None or ref.kind == "name" and ref.target not in self.classes:
            return None
        q = self.qname(value.func) or ""
        external = ".".join((q, *path)) if q and not q.startswith(".") else None
        # `call`: the construction, whose arguments say what this one object holds (linker.instances)
        return CalleeRef(ref.kind, ref.target, (*ref.path, *path), written, external, call=self.site_span(value))

    def _external(self, root: str, path: tuple[str, ...]) -> str | None:
        q = self.qn.get(root, "")
        if q.startswith(".") or not q:
            return None
        return ".".join((q, *path))

    def _method_owner(self, f: _Fn) -> bool:
        return f.cls is not None

    def _nested(self, f: _Fn, name: str) -> _Fn | None:
        return self.children.get((id(f), name))

    def _closure_of(self, name: str, owner: _Fn | None) -> _Fn | None:
        """The module-level function (not a method) whose parameter `name` is, seen from a
        function nested in it that binds no `name` of its own (nor does one between)."""
        f = owner
        while f is not None and name not in f.params and name not in self._locals(f):
            f = f.parent
        if f is None or f is owner or f.parent is not None or f.cls is not None or name in self._locals(f):
            return None
        return f

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
        if name in owner.params and name not in self._locals(owner):
            cls = parameter_class(owner.node, name)
            ref = self._ref_of(cls) if cls is not None else None
            if ref is not None:   # `svc: Svc = Depends(Svc)`: FastAPI builds a Svc per request
                return CalleeRef(ref.kind, ref.target, (*ref.path, *path), written)
        value = self._locals(owner).get(name)
        if type(value) is ast.Await:
            value = value.value
        if type(value) is not ast.Call:
            return None
        hit = self._instance_method(value, path, written)
        if hit is not None:   # `s = UserService(); s.get_all()`
            return hit
        q = self.qname(value.func)
        if q is not None and is_prisma_class(q):
            return None
        # `c = make_client(); c.post()`: the linker binds make_client() and asks what it
        # returns; a package call's result keeps its qualified name meanwhile
        external = ".".join((q, *path)) if q is not None and not q.startswith(".") else None
        return CalleeRef("returned", name, path, written, external, call=self.site_span(value))

    def _args(self, call: ast.Call, owner: _Fn | None, tx) -> tuple[Arg, ...]:
        # every argument passed keeps its place (`passes(site, k)` asks whether k was given);
        # `None` is as good as not passing it
        return tuple(Arg("absent") if _is_none(a) else self._arg(a, owner, tx) for a in call.args
                     if type(a) is not ast.Starred)

    def _keywords(self, call: ast.Call, owner: _Fn | None, tx) -> tuple[tuple[str, Arg], ...]:
        return tuple((k.arg, Arg("absent") if _is_none(k.value) else self._arg(k.value, owner, tx))
                     for k in call.keywords if k.arg)

    def _arg(self, a, owner: _Fn | None, tx) -> Arg:
        if type(a) is ast.Lambda and type(a.body) is ast.Call and type(a.body.func) is ast.Name:
            a = a.body.func   # `in_tx(lambda tx: _cancel(tx, order_id))`: the function it runs
        elif type(a) is not ast.Name:
            return Arg("other")
        if tx is not None and a.id in tx[2]:
            return Arg("tx")
        if owner is not None and a.id in owner.params and a.id not in self._locals(owner):
            return Arg("param", index=owner.params.index(a.id))
        shadowed = self._shadowed(a.id, owner)
        # the module-level name or import it is passed by (`make_repo(db)`: linker.factories)
        name = a.id if not shadowed and (a.id in self.qn or a.id in self.module_names) else None
        if tx is not None and a.id == tx[1]:
            return Arg("outer-client", name=name)
        if not shadowed and (a.id in self.clients or a.id in self.qn and self._clientlike_import(a.id)):
            return Arg("outer-client", name=name)
        if not shadowed and a.id in self.by_name:
            return Arg("function", function=self.by_name[a.id].id)   # `await in_tx(create_order)`
        return Arg("other", name=name)

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
        """Whether the call runs once per iteration: in a loop's body or condition, a
        comprehension's element or later clauses; not in what a `for` iterates over, nor
        in a comprehension's first iterable (both evaluated once)."""
        child, p = node, self.parent.get(node)
        once = None   # the comprehension whose first iterable holds the call
        while p is not None and (owner is None or p is not owner.node):
            t = type(p)
            if t is ast.comprehension and child is p.iter:
                comp = self.parent.get(p)
                if comp is not None and comp.generators[:1] == [p]:
                    once = comp
            elif t in LOOPS and p is not once and not (t in (ast.For, ast.AsyncFor) and child is p.iter):
                return True
            if t in FUNCS or t is ast.Lambda:
                return False
            child, p = p, self.parent.get(p)
        return False

    def _transaction_of(self, node, owner: _Fn | None):
        """(span of `db.tx()`, its receiver, the names bound to the transaction client) of the
        innermost `with db.tx() as tx:` of the same function whose body holds `node`; else
        of the innermost `with in_tx() as tx:` on another call (a project wrapper that may
        return a transaction, its receiver ""): the linker keeps it when it does."""
        child, p = node, self.parent.get(node)
        pending = None
        while p is not None and (owner is None or p is not owner.node):
            if type(p) in FUNCS or type(p) is ast.Lambda or type(p) is ast.ClassDef:
                break
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
                item = p.items[0]
                if pending is None and type(item.context_expr) is ast.Call and type(item.optional_vars) is ast.Name:
                    pending = (self.span(item.context_expr), "", frozenset({item.optional_vars.id}))
            child, p = p, self.parent.get(p)
        return pending


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


