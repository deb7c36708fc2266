"""Lifecycle calls on a client: `connect()`, `disconnect()`, `register(x)`, and whether the
client they act on is shared or was built for this call."""

from __future__ import annotations

import libcst as cst

from ...facts import ClientApi, ClientCall
from ...vocabulary.clients import PY_CONNECTED_CHECK
from . import clients, functions, scopes


def lifecycle(pf, call: cst.Call, method: str, receiver: str) -> None:
    scope = scopes.scope_of(pf, call)
    fn = pf.enclosing_func(call)
    stmt_parent = pf.parent(call)
    span_node = stmt_parent if isinstance(stmt_parent, cst.Await) else call
    shared = True
    if receiver in pf.per_request_keys:
        shared = False
    elif fn is not None:
        for n in pf.subtree(fn.node):
            if isinstance(n, cst.Call) and functions.is_construction(pf, n) and receiver in _bound(pf, n):
                shared = False
                break
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and clients.fresh_factory(pf, n.func.value):
                # `db = make_db()` where make_db builds a client per call: PC101's finding
                t = functions.binding_target(pf, n)
                if t is not None and pf.code(t) == receiver:
                    shared = False
                    break
    if shared and method == "disconnect" and pf.g_clients and fn is not None \
            and fn.node in pf.teardown_hooks:
        # the teardown hook of a file that keeps its client on `g` closes that client
        # (PC101 reports the construction); a module-level or imported client stays shared
        root = receiver.split(".")[0]
        if root not in pf.module_clients and root not in pf.index.import_roots:
            shared = False
    in_finally = False
    for a in pf.ancestors(call):
        if fn is not None and a is fn.node:
            break
        if isinstance(a, cst.Finally):
            in_finally = True
    guarded = connect_once(pf, call, fn)
    pf.facts.add(ClientCall(span=pf.span(span_node), method=method, receiver=receiver,
                              scope=scope, receiver_shared=shared, guarded=guarded,
                              in_finally=in_finally, api=ClientApi.PY))


def _bound(pf, call: cst.Call) -> set[str]:
    """What a construction is bound to: `db = Prisma()`, and every name of a chained
    assignment (`g.db = db = Prisma()`)."""
    p = pf.parent(call)
    if isinstance(p, cst.Await):
        p = pf.parent(p)
    if isinstance(p, cst.Assign):
        return {pf.code(t.target) for t in p.targets}
    t = functions.binding_target(pf, call)
    return {pf.code(t)} if t is not None else set()


def connect_once(pf, call: cst.Call, fn) -> bool:
    """The call runs at most once per process, whoever calls the function: it sits under
    `if not db.is_connected():`, after an early `if db.is_connected(): return db`, or under a
    test of state the same function sets and that outlives the call (`if not self._connected:
    ...; self._connected = True`, a `global` flag), or of a local read from `is_connected()`.
    An idempotent connect, not a per-request one (PC105). A plain local (`if data:`) is no guard."""
    flags = _flags(pf, fn.node) if fn is not None else set()
    def guard(test) -> bool:
        return any(isinstance(n, (cst.Name, cst.Attribute, cst.Call)) and
                   (PY_CONNECTED_CHECK in pf.code(n) or pf.code(n) in flags) for n in pf.subtree(test))
    child = call
    for a in pf.ancestors(call):
        if fn is not None and a is fn.node:
            break
        if isinstance(a, cst.If) and child is not a.test and guard(a.test):
            return True
        if isinstance(a, (cst.IndentedBlock, cst.Module)):
            before = []
            for stmt in a.body:
                if stmt is child:
                    break
                before.append(stmt)
            if any(isinstance(b, cst.If) and _exits(b.body) and guard(b.test) for b in before):
                return True
        child = a
    return False


def _flags(pf, node) -> set[str]:
    """What a function assigns that outlives its call (attributes, `global`/`nonlocal`
    names), and the locals it reads from `is_connected()`."""
    declared = {pf.code(n.name) for n in pf.subtree(node)
                if isinstance(n, cst.NameItem) and isinstance(pf.parent(n), (cst.Global, cst.Nonlocal))}
    # `request.state.db` lives for one request: only the instance's (`self`, `cls`) and a
    # module object's attributes outlive the call
    params = {p.name.value for p in node.params.params + node.params.posonly_params + node.params.kwonly_params}
    per_call = params - {"self", "cls"}
    out: set[str] = set()
    for n in pf.subtree(node):
        if isinstance(n, cst.Assign):
            pairs = [(t.target, n.value) for t in n.targets]
        elif isinstance(n, (cst.AnnAssign, cst.AugAssign)) and n.value is not None:
            pairs = [(n.target, n.value)]
        else:
            continue
        for target, value in pairs:
            code = pf.code(target)
            if isinstance(target, cst.Attribute) and _root(target) not in per_call \
                    or code in declared or PY_CONNECTED_CHECK in pf.code(value):
                out.add(code)
    return out


def _root(node) -> str | None:
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def _exits(body) -> bool:
    stmts = body.body if isinstance(body, cst.IndentedBlock) else [body]
    last = stmts[-1] if stmts else None
    if isinstance(last, cst.SimpleStatementLine):
        last = last.body[-1] if last.body else None
    return isinstance(last, (cst.Return, cst.Raise))
