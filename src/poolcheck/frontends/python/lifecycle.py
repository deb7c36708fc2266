"""Lifecycle calls on a client: `connect()`, `disconnect()`, `register(x)`, and whether the
client they act on is shared or was built for this call."""

from __future__ import annotations

import libcst as cst

from ...facts import ClientApi, ClientCall
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
            if isinstance(n, cst.Call) and functions.is_construction(pf, n):
                t = functions.binding_target(pf, n)
                if t is not None and pf.code(t) == receiver:
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
    guarded = in_finally = False
    for a in pf.ancestors(call):
        if fn is not None and a is fn.node:
            break
        if isinstance(a, cst.If) and "is_connected" in pf.code(a.test):
            guarded = True
        if isinstance(a, cst.Finally):
            in_finally = True
    pf.facts.add(ClientCall(span=pf.span(span_node), method=method, receiver=receiver,
                              scope=scope, receiver_shared=shared, guarded=guarded,
                              in_finally=in_finally, api=ClientApi.PY))


