"""Interactive transactions: `with client.tx(...) as tx:` with its timeouts, and every call
in its body: through `tx`, through an outer client, or anything else (a slow call), with
same-file helpers followed a few levels deep and the call chain kept."""

from __future__ import annotations

import libcst as cst

from ...core.diagnostics import Related
from ...facts import ClientApi, PendingTransaction, Transaction, TransactionCall
from . import scopes
from ...vocabulary import clients as c
from .gate import PRISMA_ACTIONS, RAW_QUERIES
from .scopes import FOLLOW_DEPTH
from .values import ms
from ...vocabulary.slow import WAIT_WORDS


def pending(pf, item: cst.WithItem, call: cst.Call) -> None:
    """`async with in_tx() as tx:` whose body queries `tx` as a Prisma client: a transaction
    when `in_tx` returns or yields one (the linker decides, `PendingTransaction`)."""
    if item.asname is None or not isinstance(item.asname.name, cst.Name) or \
            isinstance(call.func, cst.Attribute) and call.func.attr.value in c.PY_CLIENT_EVIDENCE:
        return   # `with db.batch_() as b:` queues its queries: no transaction is held
    name = item.asname.name.value
    with_stmt = pf.parent(item)
    if not any(type(n) is cst.Call and _queries_through(n.func, name) for n in pf.subtree(with_stmt.body)):
        return
    start = len(pf.facts.facts)
    transaction(pf, item, call, receiver="")
    pf.facts.facts[start:] = [PendingTransaction(pf.span(call), None, tuple(pf.facts.facts[start:]))]
    pf.facts.__dict__.pop("_by_kind", None)


def pending_call(pf, call: cst.Call) -> None:
    """`await in_tx(create_order)`, `in_tx(lambda tx: _cancel(tx, id))`: a function of the
    file handed to a call, that queries its first parameter as a Prisma client: the
    transaction's body when the callee runs it with one (`PendingTransaction`, argument i)."""
    context = None
    for i, arg in enumerate(a for a in call.args if a.keyword is None and not a.star):
        value = arg.value
        if isinstance(value, cst.Lambda) and isinstance(value.body, cst.Call):
            value = value.body.func
        if not isinstance(value, cst.Name):
            continue
        context = context or pf.enclosing_func(call)
        fn = pf.func_for_expr(value, context)
        params = [p.name.value for p in fn.node.params.params] if fn is not None else []
        if params[:1] in (["self"], ["cls"]):
            params = params[1:]
        if not params or not any(type(n) is cst.Call and _queries_through(n.func, params[0])
                                 for n in pf.subtree(fn.node.body)):
            continue
        start, tx_span = len(pf.facts.facts), pf.span(call)
        pf.facts.add(Transaction(span=tx_span, receiver="", scope=scopes.scope_of(pf, call), api=ClientApi.PY))
        tx_body(pf, fn.node.body, tx_span, {params[0]}, set(pf.client_keys), local_types(pf, fn.node), (),
                {fn.node}, fn)
        pf.facts.facts[start:] = [PendingTransaction(tx_span, i, tuple(pf.facts.facts[start:]))]
        pf.facts.__dict__.pop("_by_kind", None)
        return


def _queries_through(func, name: str) -> bool:
    """`tx.user.create` / `tx.query_raw` with `tx` the name."""
    if not isinstance(func, cst.Attribute):
        return False
    base = func.value
    if func.attr.value in RAW_QUERIES:
        return isinstance(base, cst.Name) and base.value == name
    return func.attr.value in PRISMA_ACTIONS and isinstance(base, cst.Attribute) and \
        isinstance(base.value, cst.Name) and base.value.value == name


def transaction(pf, item: cst.WithItem, call: cst.Call, receiver: str | None = None) -> None:
    receiver = pf.code(call.func.value) if receiver is None else receiver
    timeout = max_wait = None
    timeout_span = max_wait_span = None
    refs = []   # `timeout=TX_TIMEOUT` of `from app.config import TX_TIMEOUT`: the linker reads it
    for arg in call.args:
        if arg.keyword is None:
            continue
        if arg.keyword.value == "timeout":
            timeout, timeout_span = ms(pf, arg.value), pf.span(arg)
            if timeout is None and isinstance(arg.value, cst.Name):
                refs.append(("timeout", arg.value.value, pf.span(arg)))
        elif arg.keyword.value == "max_wait":
            max_wait, max_wait_span = ms(pf, arg.value), pf.span(arg)
            if max_wait is None and isinstance(arg.value, cst.Name):
                refs.append(("maxWait", arg.value.value, pf.span(arg)))
    tx_span = pf.span(call)
    pf.facts.add(Transaction(span=tx_span, receiver=receiver, scope=scopes.scope_of(pf, call),
                               timeout_ms=timeout, timeout_span=timeout_span,
                               max_wait_ms=max_wait, max_wait_span=max_wait_span, api=ClientApi.PY,
                               option_refs=tuple(refs)))
    tx_names = set()
    if item.asname is not None and isinstance(item.asname.name, cst.Name):
        tx_names.add(item.asname.name.value)
    with_stmt = pf.parent(item)
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
            if func.attr.value == c.PY_TRANSACTION or method_of(func, tx_names):
                tx_names.add(other.asname.name.value)
    outer = (pf.client_keys | {receiver}) - tx_names
    fn = pf.enclosing_func(call)
    types = local_types(pf, fn.node if fn else None)
    tx_body(pf, with_stmt.body, tx_span, tx_names, outer, types, (), {fn.node} if fn else set(), fn)


def local_types(pf, fn_node) -> dict[str, str]:
    """Names bound to instances of imported classes: `c = httpx.AsyncClient()` -> c: httpx.AsyncClient."""
    types: dict[str, str] = {}
    for root in ([pf.module] if fn_node is None else [pf.module, fn_node]):
        for n in (pf.subtree(root) if root is not pf.module else root.body):
            call = None
            if isinstance(n, cst.SimpleStatementLine):
                for s in n.body:
                    if isinstance(s, cst.Assign) and isinstance(s.value, cst.Call):
                        bind_type(pf, types, s.targets[0].target, s.value)
                continue
            if isinstance(n, cst.Assign) and isinstance(n.value, cst.Call):
                bind_type(pf, types, n.targets[0].target, n.value)
            elif isinstance(n, cst.WithItem) and n.asname is not None and isinstance(n.item, cst.Call):
                call = n.item
                bind_type(pf, types, n.asname.name, call)
    return types


def bind_type(pf, types, target, call) -> None:
    if isinstance(target, cst.Name):
        q = sorted(pf.import_qnames(call.func))
        if q:
            types[target.value] = q[0]


def callee_name(pf, func, types, local: set[str] = frozenset()) -> str:
    text = pf.code(func)
    root = text.split(".")[0].split("(")[0]
    if root in local or root in pf.client_keys or ".prisma(" in text:
        return text  # a client, the transaction or `Model.prisma()`: name it as written
    q = sorted(pf.import_qnames(func))
    if q:
        return q[0]
    if isinstance(func, cst.Attribute):
        base = func.value
        if isinstance(base, cst.Call):
            return f"{callee_name(pf, base.func, types)}().{func.attr.value}" \
                if not pf.import_qnames(base.func) else \
                f"{sorted(pf.import_qnames(base.func))[0]}.{func.attr.value}"
        text = pf.code(func)
        root = text.split(".")[0]
        if root in types:
            return types[root] + text[len(root):]
        return text
    return pf.code(func)


def tx_aliases(pf, body, tx_names: set[str]) -> set[str]:
    """Names the block binds from a method call on the transaction client: the batcher
    of `with tx.batch_() as b` or `b = tx.batch_()` sends its queries through the
    transaction too. Query results (`rows = tx.query_raw(...)`) are data, not clients."""
    found = set(tx_names)
    binds = []
    for n in pf.subtree(body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)):
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
                    and method_of(value.func, found):
                found.add(target.value)
                changed = True
    return found - tx_names


def tx_body(pf, body, tx_span, tx_names, outer, types, via, visiting, context) -> None:
    derived = tx_aliases(pf, body, tx_names)
    if derived:
        tx_names, outer = tx_names | derived, outer - derived
    for node in pf.subtree(body, stop=(cst.FunctionDef, cst.Lambda, cst.ClassDef)):
        if not isinstance(node, cst.Call):
            continue
        parent = pf.parent(node)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            continue  # `Model.prisma(tx)` in `Model.prisma(tx).create()`: judged as a whole
        func = node.func
        callee_fn = pf.func_for_expr(func, context)
        if callee_fn is not None and len(visiting) <= FOLLOW_DEPTH:
            if callee_fn.node in visiting:
                continue
            inner_tx, inner_outer = set(), set(outer) - {n for n in outer if "." not in n and n not in pf.module_clients}
            inner_outer |= pf.module_clients
            params = [p.name.value for p in callee_fn.node.params.params]
            if params[:1] in (["self"], ["cls"]):
                params = params[1:]
            for i, arg in enumerate(node.args):
                pname = arg.keyword.value if arg.keyword else (params[i] if i < len(params) else None)
                if pname is None:
                    continue
                text = pf.code(arg.value)
                if text in tx_names:
                    inner_tx.add(pname)
                elif text in outer:
                    inner_outer.add(pname)
            inner_outer -= inner_tx
            step = Related(pf.facts.path, pf.span(node),
                           f"`{callee_fn.name}` is called inside the transaction here")
            tx_body(pf, callee_fn.node.body, tx_span, inner_tx, inner_outer,
                          local_types(pf, callee_fn.node), (*via, step),
                          visiting | {callee_fn.node}, callee_fn)
            continue
        if isinstance(func, cst.Name) and func.value[:1].isupper():
            continue  # constructing an object is not the slow call itself
        if isinstance(func, cst.Attribute) and func.attr.value[:1].isupper():
            continue
        callee = callee_name(pf, func, types, tx_names | outer)
        if callee.rsplit(".", 1)[-1][:1].isupper() or zero_wait(callee, node):
            continue
        is_tx, is_outer, is_query = receiver_roles(pf, func, tx_names, outer)
        span_node = parent if isinstance(parent, cst.Await) else node
        root = pf.code(func).split(".")[0]
        pf.facts.add(TransactionCall(
            span=pf.span(span_node), callee=callee, transaction_span=tx_span,
            receiver_is_tx=is_tx, receiver_is_outer_client=is_outer, is_query=is_query,
            handled=None, via=tuple(via),  # not judged for Python yet: PC204 is TS/JS only
            passes_tx=any(pf.code(a.value) in tx_names for a in node.args),
            # `self.x()` and `from .services import x`: the project's own code. An
            # absolute import may be the project's or a package's: not known here.
            callee_in_project=True if root in ("self", "cls") or callee.startswith(".") else None,
            api=ClientApi.PY))


def zero_wait(callee: str, call: cst.Call) -> bool:
    """`asyncio.sleep(0)`: a wait of zero seconds only yields to the event loop (a
    cancellation point between rows), it holds the transaction for no time."""
    if callee.rsplit(".", 1)[-1] not in WAIT_WORDS or len(call.args) != 1 or call.args[0].keyword:
        return False
    value = call.args[0].value
    return isinstance(value, (cst.Integer, cst.Float)) and float(value.value.replace("_", "")) == 0


def receiver_roles(pf, func, tx_names, outer) -> tuple[bool, bool, bool]:
    if not isinstance(func, cst.Attribute):
        return False, False, False
    action = func.attr.value
    base = func.value
    # Model.prisma(...).action(...)
    if isinstance(base, cst.Call) and isinstance(base.func, cst.Attribute) \
            and base.func.attr.value == "prisma":
        is_query = action in PRISMA_ACTIONS
        if base.args:
            arg = pf.code(base.args[0].value)
            return arg in tx_names, arg in outer and is_query, is_query
        return False, is_query, is_query
    if action in RAW_QUERIES or action in ("batch_",):
        recv = pf.code(base)
        return recv in tx_names, recv in outer, action in RAW_QUERIES
    if action in PRISMA_ACTIONS and isinstance(base, cst.Attribute):
        recv = pf.code(base.value)
        return recv in tx_names, recv in outer, True
    text = pf.code(func)
    root = text.split(".")[0]
    return root in tx_names, False, False


def method_of(func: cst.Attribute, names: set[str]) -> bool:
    """`name.method` for a name in `names`, the method not a raw query (which returns rows)."""
    return isinstance(func.value, cst.Name) and func.value.value in names \
        and func.attr.value not in RAW_QUERIES


