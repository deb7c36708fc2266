"""Each function's local effects, for the Python symbols (`symbols.py`): queries through
the module client, a parameter or `Model.prisma()`; fallbacks to the shared client when a
parameter is not given (`client = db or prisma`, `if db is None: db = prisma`,
`def f(..., tx=prisma)`, `if tx: return ...`); constructions returned or yielded."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ...symbols import CalleeRef, Effects
from ...vocabulary import clients as c
from . import symbol_scopes as py_marks

# The query root of a query on an inline choice of client (`(tx or db).user.find_many()`).
CHOICE = "@choice"


PRISMA_ACTIONS = c.PY_QUERY_ACTIONS
RAW_QUERIES = c.PY_RAW_QUERIES
LIFECYCLE = c.PY_LIFECYCLE
is_prisma_class = c.py_client_class
FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
NOT_MODELS = frozenset({"objects", "session", "table"})


@dataclass(eq=False)
class _Fn:
    """A function while its symbols are built (`symbols._Extractor`)."""

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


class LocalEffects:
    """Mixin of the extractor (`symbols._Extractor`): what a function does itself."""

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
        if func.attr in PRISMA_ACTIONS and type(base) is ast.Attribute and type(base.value) in (ast.BoolOp, ast.IfExp) \
                and base.attr[:1].islower() and base.attr not in NOT_MODELS:
            return CHOICE   # `(tx or db).user.find_many()`: `_fallback_query` reads the choice
        # `self.db.user.find_many()`, `self.db.query_raw()`: a client field of the class
        holder = base.value if func.attr in PRISMA_ACTIONS and type(base) is ast.Attribute \
            and base.attr[:1].islower() and base.attr not in NOT_MODELS else \
            base if func.attr in RAW_QUERIES else None
        if type(holder) is ast.Attribute and type(holder.value) is ast.Name \
                and holder.value.id == "self" and holder.attr in self.self_clients:
            return "self." + holder.attr
        return None

    def _field_query(self, func) -> bool:
        """`self.db.user.find_many` / `self.db.query_raw` on any field: a query on whatever
        the field holds, which the linker may know (`UserRepo(db)` with `self.db = db`)."""
        if type(func) is not ast.Attribute:
            return False
        base = func.value
        holder = base.value if func.attr in PRISMA_ACTIONS and type(base) is ast.Attribute \
            and base.attr[:1].islower() and base.attr not in NOT_MODELS else \
            base if func.attr in RAW_QUERIES else None
        return type(holder) is ast.Attribute and type(holder.value) is ast.Name and holder.value.id == "self"

    def _local(self, call: ast.Call, f: _Fn) -> None:
        loc = f.local
        self._wrapper_effects(call, f)
        p = self.parent.get(call)
        if type(p) is ast.Await:
            p = self.parent.get(p)
        if type(p) in (ast.Return, ast.Yield) and self.qname(call.func) != "types.SimpleNamespace":
            # (a namespace of its own functions is `returns_object`, not a package's object)
            loc.setdefault("returns", []).append(self.site_span(call))
        elif type(p) is ast.Assign and len(p.targets) == 1 and type(p.targets[0]) is ast.Name \
                and p.targets[0].id in _returned_names(f):
            # `c = httpx.AsyncClient(); return c`, a memoised getter's `_c = make()`
            loc.setdefault("held", []).append(self.site_span(call))
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
            elif not self._shadowed(root, f) and root in self.clients \
                    or root.startswith("self.") and root[5:] not in self.self_aliases:
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
        value = call.func.value.value if root == CHOICE else self._locals(f).get(root)
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
        # `self.client` of `tx or self.client`: the field, as `self.<field>`
        loc.setdefault("fallback", {})[id(call)] = f"self.{fallback.attr}" if _self_field(fallback) else fallback.id

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

    def _wrapper_effects(self, call: ast.Call, f: _Fn) -> None:
        """A transaction wrapper by what it does: it returns `db.tx()` or yields inside
        `with db.tx() as tx:` (a context manager, `tx_context`), or calls a parameter with
        the transaction client (`async with db.tx() as tx: return await fn(tx)`, `tx_body`);
        and the parameters it calls at all (`runs_params`: `return await fn()`)."""
        func = call.func
        if type(func) is ast.Attribute and func.attr == c.PY_TRANSACTION:
            p = self.parent.get(call)
            if type(p) is ast.Await:
                p = self.parent.get(p)
            if type(p) is ast.Return:
                f.local["tx_context"] = True
            elif type(p) is ast.withitem:
                with_stmt = self.parent.get(p)
                if any(type(n) is ast.Yield for stmt in getattr(with_stmt, "body", ()) for n in ast.walk(stmt)):
                    f.local["tx_context"] = True
            return
        if type(func) is ast.Name and func.id in f.params and func.id not in self._locals(f):
            f.local.setdefault("runs", set()).add(f.params.index(func.id))   # `await fn()`: it runs it
            tx = self._transaction_of(call, f)
            if tx is not None and tx[1] and any(type(a) is ast.Name and a.id in tx[2] for a in call.args):
                f.local.setdefault("tx_body", set()).add(f.params.index(func.id))

    def _effects(self, f: _Fn) -> Effects:
        loc = f.local
        constructs = [c for c in loc.get("constructs", ())
                      if not py_marks.guarded(self, c, f) and not self._cached(c, f)]
        return Effects(
            constructs=tuple(self.span(c) for c in constructs),
            returns_fresh=bool(constructs) and self._returns_fresh(f, constructs),
            returns_calls=tuple(loc.get("returns", ())),
            lifecycle_from=tuple(loc.get("lifecycle_from", ())),
            outer_queries=tuple(loc.get("outer", ())),
            param_queries=tuple(loc.get("params", ())),
            queries=bool(loc.get("queries")), returns_held=tuple(loc.get("held", ())),
            # `def get_http(): return client` of a module-level `client = httpx.AsyncClient()`
            returns_package=next((self.module_types[n] for n in sorted(_returned_names(f))
                                  if n in self.module_types and not self._shadowed(n, f)), None),
            returns_class=self._returned_class(f), returns_object=self._returned_object(f),
            tx_body=tuple(sorted(loc.get("tx_body", ()))), tx_context=bool(loc.get("tx_context")),
            runs_params=tuple(sorted(loc.get("runs", ()))))

    def _returned_object(self, f: _Fn) -> tuple[tuple[str, str], ...]:
        """The functions nested in it that it returns as an object's members, (member, id):
        `return SimpleNamespace(count=count)`, `return {"count": count}`, or the methods of
        a class it defines and returns an instance of (`class Repo: ...; return Repo()`)."""
        nested = {n.name: n for n in f.nodes if type(n) is ast.ClassDef}
        for n in f.nodes:
            v = n.value if type(n) is ast.Return else None
            if type(v) is ast.Call and type(v.func) is ast.Name and v.func.id in nested:
                return tuple((m.name, self.fns[m].id) for m in nested[v.func.id].body
                             if type(m) in FUNCS and not m.name.startswith("__"))
            if type(v) is ast.Call and self.qname(v.func) == "types.SimpleNamespace":
                pairs = [(k.arg, k.value) for k in v.keywords]
            elif type(v) is ast.Dict:
                pairs = [(k.value if type(k) is ast.Constant else None, x) for k, x in zip(v.keys, v.values)]
            else:
                continue
            found = {k: self.children.get((id(f), x.id)) for k, x in pairs
                     if isinstance(k, str) and type(x) is ast.Name}
            return tuple((k, inner.id) for k, inner in found.items() if inner is not None)
        return ()

    def _returned_class(self, f: _Fn):
        """The class of the project it returns an instance of, as the file names it (the
        linker keeps it only when that is a class of the project): its annotation (`->
        Mailer`, `-> "Mailer"`), a module-level instance it returns (`return _mailer`), or a
        singleton's field (`cls._instance = cls(); return cls._instance` in a classmethod), or
        one it builds and returns (`return Repo(db)`)."""
        ann = f.node.returns
        if type(ann) is ast.Constant and isinstance(ann.value, str) and ann.value.isidentifier():
            ann = ast.Name(ann.value)
        ref = self._ref_of(ann) if type(ann) is ast.Name else None
        if ref is not None:
            return ref
        names = _returned_names(f)
        for n in f.nodes:   # `return Repo(db)`, `repo = Repo(db); return repo`: an instance it builds
            v = n.value if type(n) is ast.Return or type(n) is ast.Assign and len(n.targets) == 1 \
                and type(n.targets[0]) is ast.Name and n.targets[0].id in names else None
            if type(v) is ast.Call and type(v.func) is ast.Name and v.func.id[:1].isupper() \
                    and (v.func.id in self.classes or v.func.id in self.qn) and not self._shadowed(v.func.id, f):
                return self._ref_of(v.func)
        for inst in self.instances if names else ():
            if inst.name in names and not self._shadowed(inst.name, f):
                return inst.cls
        if f.cls is None or not any(getattr(d, "id", None) in ("classmethod", "staticmethod")
                                    for d in f.node.decorator_list):
            return None
        held = {(n.targets[0].value.id, n.targets[0].attr) for n in f.nodes
                if type(n) is ast.Assign and len(n.targets) == 1 and type(n.targets[0]) is ast.Attribute
                and type(n.targets[0].value) is ast.Name and type(n.value) is ast.Call
                and type(n.value.func) is ast.Name and n.value.func.id in ("cls", f.cls)}
        for n in f.nodes if held else ():
            v = n.value if type(n) is ast.Return else None
            if type(v) is ast.Attribute and type(v.value) is ast.Name and (v.value.id, v.attr) in held:
                return CalleeRef("name", f.cls, (), f.cls)
        return None

    def _cached(self, call, f: _Fn) -> bool:
        """`_clients[url] = Prisma(...)`, `c = Prisma(); _clients[url] = c`,
        `_clients.setdefault(url, c)`: the client goes into a module-level cache keyed by
        tenant (the fix PC106 asks for), so a later call finds it instead of building one."""
        def module_level(expr) -> bool:
            root = expr.value if type(expr) is ast.Subscript else expr
            while type(root) is ast.Attribute:
                root = root.value
            root = root.id if type(root) is ast.Name else None
            return root is not None and root not in ("self", "cls", "g", "request") \
                and not self._shadowed(root, f)

        p = self.parent.get(call)
        if type(p) is ast.Await:
            p = self.parent.get(p)
        if type(p) is ast.Call and type(p.func) is ast.Attribute and p.func.attr == "setdefault":
            return module_level(p.func.value)
        names = set()
        if type(p) is ast.Assign:
            for t in p.targets:
                if type(t) is ast.Subscript and module_level(t):
                    return True
                if type(t) is ast.Name:
                    names.add(t.id)
        if not names:
            return False
        for node in f.nodes:
            if type(node) is ast.Assign and type(node.value) is ast.Name and node.value.id in names:
                if any(type(t) is ast.Subscript and module_level(t) for t in node.targets):
                    return True
            elif type(node) is ast.Call and type(node.func) is ast.Attribute \
                    and node.func.attr == "setdefault" and len(node.args) == 2 \
                    and type(node.args[1]) is ast.Name and node.args[1].id in names:
                return module_level(node.func.value)
        return False

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
    """The parameter of `db or prisma` / `db if db else prisma` (a shared client fallback),
    or of `tx or self.client` (a field: what the constructions hand it, `linker.wiring`)."""
    if type(value) is ast.BoolOp and type(value.op) is ast.Or and len(value.values) == 2 \
            and type(value.values[0]) is ast.Name and _self_field(value.values[1]):
        return value.values[0].id if value.values[0].id in params else None
    if type(value) is ast.BoolOp and type(value.op) is ast.Or and len(value.values) == 2 \
            and all(type(v) is ast.Name for v in value.values):
        p, c = value.values[0].id, value.values[1].id
        return p if p in params and c in clients else None
    if type(value) is ast.IfExp and type(value.body) is ast.Name and type(value.orelse) is ast.Name:
        name, negated = _tested_param(value.test)
        p, c = (value.body.id, value.orelse.id) if not negated else (value.orelse.id, value.body.id)
        return p if name == p and p in params and c in clients else None
    return None


def _self_field(node) -> bool:
    return type(node) is ast.Attribute and type(node.value) is ast.Name and node.value.id == "self"


def _returned_names(f: _Fn) -> frozenset:
    """The names the function returns itself (`return c`)."""
    got = f.local.get("returned_names")
    if got is None:
        got = f.local["returned_names"] = frozenset(
            n.value.id for n in f.nodes if type(n) is ast.Return and type(n.value) is ast.Name)
    return got
