"""Client constructions: `Prisma(...)` with its options, where it is stored (a name, an
attribute, flask's or quart's `g`), whether it is memoised, built in a loop or used as a
context manager."""

from __future__ import annotations

import libcst as cst

from ...facts import UNKNOWN, ClientApi, ClientConstruction, Scope, ScopeKind
from . import functions, scopes
from .values import number, string_value

LOOPS = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
FUNCS = (cst.FunctionDef, cst.Lambda)
_G_TAILS = frozenset({"g"})


def g_target(pf, call: cst.Call):
    """`g.db = Prisma()` (or `g.db = db = Prisma()`, or `db = Prisma()` and later
    `g.db = db` in the same function) with flask's or quart's `g`: the attribute it is
    stored on, and the framework; None otherwise."""
    p = pf.parent(call)
    if isinstance(p, cst.Await):
        p = pf.parent(p)
    if isinstance(p, cst.Assign):
        targets = [t.target for t in p.targets]
    elif isinstance(p, cst.AnnAssign):
        targets = [p.target]
    else:
        return None
    for t in targets:
        found = _on_g(pf, t)
        if found is not None:
            return found
    # `db = Prisma(); await db.connect(); g.db = db`: the local is stored on `g` later
    names = {t.value for t in targets if isinstance(t, cst.Name)}
    fn = pf.enclosing_func(call) if names else None
    if fn is not None:
        for n in pf.subtree(fn.node):
            if isinstance(n, cst.Assign) and isinstance(n.value, cst.Name) and n.value.value in names:
                for t in n.targets:
                    found = _on_g(pf, t.target)
                    if found is not None:
                        return found
    return None


def _on_g(pf, target):
    if isinstance(target, cst.Attribute):
        qn = pf.import_qnames(target.value, _G_TAILS)
        if "flask.g" in qn or "quart.g" in qn:
            return target, "Quart" if "quart.g" in qn else "Flask"
    return None


def construction(pf, call: cst.Call) -> None:
    scope = scopes.scope_of(pf, call)
    target = functions.binding_target(pf, call)
    store = None
    stored = g_target(pf, call)
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
        pf.per_request_keys.add(pf.code(g_attr))
    options, spans = client_options(pf, call)
    accelerate = False
    for key, value in options:
        if isinstance(value, str) and value.lower().startswith(("prisma://", "prisma+postgres://")):
            accelerate = True
    parent = pf.parent(call)
    cm = isinstance(parent, cst.WithItem) and parent.item is call
    memoised = scope.kind is ScopeKind.FACTORY or guarded_assignment(pf, call, target) \
        or stored_in_cache(pf, call, target)
    name = sorted(pf.import_qnames(call.func))[0].rsplit(".", 1)[-1]
    pf.facts.add(ClientConstruction(
        span=pf.span(call), kind="prisma", class_name=name, scope=scope,
        binding=pf.code(target) if target is not None else None, memoised=memoised,
        in_loop=in_loop(pf, call), context_manager=cm, accelerate=accelerate,
        options=tuple(options), option_spans=tuple(spans), per_request_store=store, api=ClientApi.PY))
    if target is not None and isinstance(target, cst.Attribute) and scope.per_request:
        pf.per_request_keys.add(pf.code(target))


def client_options(pf, call: cst.Call):
    options, spans = [], []

    def add(prefix: str, value) -> None:
        if isinstance(value, cst.Dict):
            for el in value.elements:
                if isinstance(el, cst.DictElement):
                    key = string_value(el.key)
                    if key is not None:
                        add(f"{prefix}.{key}", el.value)
            return
        lit = string_value(value)
        if lit is None:
            num = number(value)
            lit = (int(num) if num is not None and num == int(num) else num) if num is not None else None
        if lit is None and isinstance(value, cst.Name) and value.value in ("True", "False", "None"):
            lit = {"True": True, "False": False, "None": None}[value.value]
        elif lit is None:
            lit = UNKNOWN
        options.append((prefix, lit))
        spans.append((prefix, pf.span(value)))

    for arg in call.args:
        if arg.keyword is not None:
            add(arg.keyword.value, arg.value)
    return options, spans


def guarded_assignment(pf, call, target) -> bool:
    """`if db is None: db = Prisma()` (module global or attribute), written once."""
    if target is None:
        return False
    key = pf.code(target)
    root = key.split(".")[0]
    if root in ("g", "request") or key.startswith(("flask.g.", "request.state")):
        return False  # per-request storage: caching there is still once per request
    fn = pf.enclosing_func(call)
    if fn is None:
        return False
    if isinstance(target, cst.Name):
        declared_global = any(
            isinstance(s, cst.SimpleStatementLine) and any(
                isinstance(x, cst.Global) and any(n.name.value == key for n in x.names)
                for x in s.body)
            for s in pf.subtree(fn.node))
        if not declared_global:
            return False
    for a in pf.ancestors(call):
        if a is fn.node:
            break
        if isinstance(a, cst.If) and key in pf.code(a.test):
            return True
    return False


def stored_in_cache(pf, call, target) -> bool:
    """`_clients[url] = Prisma(...)`, or `client = Prisma(...)` then `_clients[url] = client`
    / `_clients.setdefault(url, client)` in the same function: the client goes into a
    module-level cache keyed by tenant, the fix PC106 asks for (the linker's symbols say
    the same, `symbol_effects._cached`)."""
    fn = pf.enclosing_func(call)
    if fn is None:
        return False

    def module_level(expr) -> bool:   # not per request, not per instance
        while isinstance(expr, (cst.Subscript, cst.Attribute)):
            expr = expr.value
        return isinstance(expr, cst.Name) and expr.value not in ("self", "cls", "g", "request")

    p = pf.parent(call)
    p = pf.parent(p) if isinstance(p, cst.Await) else p
    if isinstance(p, cst.Assign) and any(isinstance(t.target, cst.Subscript) and module_level(t.target.value)
                                         for t in p.targets):
        return True
    if not isinstance(target, cst.Name):
        return False
    name = target.value
    for node in pf.subtree(fn.node):
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Name) and node.value.value == name:
            if any(isinstance(t.target, cst.Subscript) and module_level(t.target.value) for t in node.targets):
                return True
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and node.func.attr.value == "setdefault" and len(node.args) == 2 \
                and isinstance(node.args[1].value, cst.Name) and node.args[1].value.value == name:
            return module_level(node.func.value)
    return False


def fresh_factory(pf, name: str) -> bool:
    """A same-file, module-level, undecorated function whose every `return` returns a
    client it constructs (`return Prisma()`): each call builds a fresh client."""
    f = pf.by_qname.get(name)
    if f is None or f.parent is not None or f.cls is not None or f.node.decorators:
        return False
    returns = [n for n in pf.subtree(f.node) if isinstance(n, cst.Return)
               and pf.enclosing_func(n) is f]
    return bool(returns) and all(isinstance(r.value, cst.Call) and functions.is_construction(pf, r.value)
                                 for r in returns)


def in_loop(pf, node) -> bool:
    for a in pf.ancestors(node):
        if isinstance(a, FUNCS):
            return False
        if isinstance(a, LOOPS):
            return True
    return False


