"""Transaction wrappers the linker recognises by what they do, whatever their names:

- a `PendingTransaction` (`runAtomic(async (tx) => ...)`, Python `async with in_tx() as tx:`)
  becomes a transaction when the function its call binds to hands the callback to
  `$transaction` (or to another such wrapper), or returns or yields a `db.tx()`;
- a function of the file handed by name to such a wrapper (`await in_tx(create_order)`,
  `runAtomic(settleInvoice)`) is a transaction's body: the transaction on the wrapper's
  call, the body's own shared-client queries and package calls that leave the process;
- a query with a query's shape on a name the linker binds to the project's module-level
  client (`prisma.user.update` of `import { prisma } from "./db"`, which the file could not
  tell from another object) is a query on an outer client (PC202).
"""

from __future__ import annotations

from ..facts import ClientApi, PendingTransaction, Transaction, TransactionCall


def _bodies(program) -> dict:
    """`options.transaction_bodies` of the program, computed once."""
    from .options import transaction_bodies

    bodies = getattr(program, "_tx_bodies", None)
    if bodies is None:
        bodies = program._tx_bodies = transaction_bodies(program.graph)
    return bodies


def confirmed(program, path: str, facts: list):
    """The file's facts with each `PendingTransaction` whose callee runs its callback as a
    `$transaction`'s body replaced by the transaction and its calls: `runAtomic(async (tx) => ...)` is a transaction when `runAtomic` (in
    any module, through any chain of wrappers) hands that argument to `$transaction`,
    whatever its name; a look-alike that only logs, retries or builds a client is not."""
    if not any(isinstance(f, PendingTransaction) for f in facts):
        return facts
    bodies = _bodies(program)
    out = []
    for f in facts:
        if not isinstance(f, PendingTransaction):
            out.append(f)
            continue
        target = program.graph.bound.get((path, f.span))
        node = (target.path, target.name) if target is not None and target.kind == "function" else None
        fn = program.graph.functions.get(node) if node is not None else None
        if fn is not None and (f.argument in bodies.get(node, ()) if f.argument is not None
                               else fn.effects.tx_context):
            out.extend(f.facts)
        else:
            out.append(f)
    return out


def bodies_run(program, path: str, symbols, facts) -> dict:
    """FunctionId -> span of the call that runs it as a transaction's body: a function of
    this file handed by name to a transaction wrapper (`await in_tx(create_order)`,
    `runAtomic(createOrder)`, Python's `in_tx(lambda tx: _cancel(tx, id))`), where the
    wrapper runs that argument as a `$transaction`'s body (`options.transaction_bodies`).
    An inline callback is the front-end's (`PendingTransaction`)."""
    graph = program.graph
    known = {f.span for f in facts if isinstance(f, (Transaction, PendingTransaction))}
    out: dict = {}
    bodies = None
    for f in symbols.functions:
        for site in f.calls:
            if site.span in known or not any(a.kind == "function" for a in site.args):
                continue
            target = graph.bound.get((path, site.span))
            if target is None or target.kind != "function":
                continue
            if bodies is None:
                bodies = _bodies(program)
            for j in bodies.get((target.path, target.name), ()):
                arg = site.args[j] if j < len(site.args) else None
                if arg is not None and arg.kind == "function" and arg.function is not None:
                    out.setdefault(arg.function, site.span)
    return out


def run_bodies(program, path: str, symbols, run_by: dict, scopes_by_tx: dict, scope_at):
    """The facts of a transaction a wrapper opens around a function of this file (`bodies_run`):
    the transaction, on the wrapper's call (`scope_at(span)`: its scope), and the body's own
    calls that hold it: a query on a shared client (PC202), a call of a package that leaves
    the process (PC201). Its calls into the project's code are `derive._transaction_calls`'."""
    from .slow import slow_reason

    graph = program.graph
    api = ClientApi.PY if symbols.ecosystem == "python" else ClientApi.JS
    for fid, span in sorted(run_by.items(), key=lambda x: (x[1].line, x[1].col)):
        body = graph.functions.get((path, fid))
        if body is None:
            continue
        if span not in scopes_by_tx:
            scopes_by_tx[span] = scope_at(span)
            yield Transaction(span=span, receiver="", scope=scopes_by_tx[span], api=api)
        outer = set(body.effects.outer_queries)
        for site in body.calls:
            if site.awaited is False or site.unless_param is not None:
                # fire-and-forget; or run only without a parameter (`const db = tx ?? prisma`):
                # the wrapper hands the body its transaction client
                continue
            target = graph.bound.get((path, site.span))
            if site.span in outer or site.query and target is not None and target.kind == "client-query":
                yield TransactionCall(span=site.span, callee=site.callee.written, transaction_span=span,
                                      receiver_is_outer_client=True, is_query=True, handled=True,
                                      callee_in_project=False, awaited=site.awaited, api=api)
                continue
            name = target.name if target is not None and target.kind == "external" else site.callee.external
            if name and slow_reason(name, symbols.ecosystem):
                yield TransactionCall(span=site.span, callee=name, transaction_span=span, handled=True,
                                      callee_in_project=False, awaited=True, api=api)


def shared_client_queries(graph, path: str, symbols) -> dict:
    """Span -> callee as written, of the calls in transaction bodies with a query's shape
    whose root the linker binds to a client of the project (`bind.member`'s "client-query",
    a class's static client: `PrismaClientInstance.getInstance().user.count()`)."""
    out = {}
    for f in symbols.functions:
        for site in f.calls:
            if site.query and site.transaction is not None:
                t = graph.bound.get((path, site.span))
                if t is not None and t.kind == "client-query":
                    out[site.span] = site.callee.written
    return out
