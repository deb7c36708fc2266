"""The linked view as facts: what each file's facts become once the program is linked.

- a construction, lifecycle call, transaction or fan-out in a function that request scope
  reaches from another module gets that scope, with the chain of calls (across files) as
  its `via` and the handler's file as its `origin`; the rules that judge scopes (PC101,
  PC104, PC105, PC108, PC205) then see it as they see a same-file helper;
- a lifecycle call on the result of a factory that builds a client per call is on a fresh
  client (`receiver_shared=False`): the construction is the finding (PC101);
- a call in an interactive transaction's body into another module's function that leaves
  the process or queries through another client becomes a `LinkedTransactionCall` on
  that call (PC201, PC202), its chain running down to the network call or the query.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from pathlib import Path
from typing import Mapping

from ..core.diagnostics import Related, Span
from ..facts import (ClientCall, ClientConstruction, ParallelQueries, Scope, ScopeKind, Transaction,
                     TransactionCall)
from ..symbols import LinkedTransactionCall
from .propagate import Reach, Step, outer_at, registered_here
from .constants import with_imported_options
from .options import transaction_client
from .wrapped import bodies_run, confirmed, run_bodies, shared_client_queries
from .same_client import client_named, same_client, same_client_first

MAX_RELATED_CALLERS = 20
SCOPED = (ClientConstruction, ClientCall, Transaction, ParallelQueries)


def derive(program, facts_by_path: Mapping[str, object]) -> dict[str, list]:
    graph, result = program.graph, program.result
    display = {p: getattr(f, "path", Path(p)) for p, f in facts_by_path.items()}

    def rel(step: Step) -> Related:
        path, span, message = step
        return Related(display.get(path, Path(path)), span, message)

    # the files that run on Cloudflare Workers (they read c.env bindings, import
    # cloudflare:workers, ...): a request reaching a function through one of them (the
    # function's own file, the handler's, any file of the chain) is an edge request, where
    # a client per request is the documented pattern, as the front-end marks its own handlers
    workers = frozenset(p for p, f in facts_by_path.items() if "cloudflare-worker" in f.traits())
    out: dict[str, list] = {}
    for path, symbols in program.modules.items():
        facts = facts_by_path.get(path)
        if facts is None:
            continue
        locate = _Locator(symbols.functions)
        fresh_calls = _fresh_receivers(graph, result, path, symbols)
        changed = False
        new_facts = []
        scopes_by_tx: dict = {}
        all_facts = confirmed(program, path, facts.facts)
        changed |= all_facts is not facts.facts
        returned = _returned_sites(graph, path, symbols)
        shared_queries = shared_client_queries(graph, path, symbols)
        wrappers = {c.span: c for f in symbols.functions for c in f.calls if c.options} \
            if any(isinstance(x, Transaction) and not x.receiver for x in all_facts) else {}
        view = _FileView(program, path, locate, rel, workers, fresh_calls, returned, shared_queries, wrappers)
        for fact in all_facts:
            new = view.rewrite(fact)
            if isinstance(new, Transaction):
                scopes_by_tx[new.span] = new.scope
            changed |= new is not fact
            new_facts.append(new)
        run_by = bodies_run(program, path, symbols, all_facts)
        if run_by:
            new_facts.extend(run_bodies(program, path, symbols, run_by, scopes_by_tx, lambda span: _scope_at(
                graph, result, path, locate.at(span), rel, workers)))
        # the facts as rewritten (`gateway.post` is `axios.create.post` now): what the
        # front-end's walk followed is judged by the name the rules will see
        linked = list(_transaction_calls(graph, result, path, symbols, scopes_by_tx, rel, new_facts,
                                         judged={f.span for f in all_facts if isinstance(f, TransactionCall)},
                                         run_by=run_by))
        if linked:
            new_facts.extend(linked)
            changed = True
        if changed:
            out[path] = new_facts
    return out


class _FileView:
    """What derive reads of one linked file while it rewrites that file's facts one by one."""

    def __init__(self, program, path, locate, rel, on_workers, fresh_calls, returned, shared_queries, wrappers):
        self.program, self.graph, self.result, self.path = program, program.graph, program.result, path
        self.locate, self.rel, self.on_workers = locate, rel, on_workers
        self.fresh_calls, self.returned = fresh_calls, returned
        self.shared_queries, self.wrappers = shared_queries, wrappers

    def rewrite(self, fact):
        """The fact as the linked project sees it (the same object when nothing changes)."""
        new = fact
        if isinstance(fact, SCOPED) and fact.scope.kind is ScopeKind.FUNCTION:
            fid = self.locate.at(fact.span)
            reach = self.result.reach.get((self.path, fid)) if fid is not None else None
            # a function's own mark (reach without a chain, in its own file): the
            # front-end judged that fact already
            if reach is not None and (reach.chain or reach.seed_path != self.path):
                new = replace(fact, scope=_scope(self.graph, self.result, reach, (self.path, fid), self.path,
                                                 self.rel, self.on_workers))
        elif isinstance(fact, SCOPED) and fact.scope.per_request:
            # a dependency the front-end marked itself (`DB = Depends(get_db)` beside it): the
            # routes of any module that register it, or take it by the marker's name
            fid = self.locate.at(fact.span)
            regs = _registrations(self.graph, (self.path, fid)) if fid is not None else []
            if regs:
                steps = [registered_here(*regs[0])] + [registered_here(p, r, also=True) for p, r in regs[1:]]
                via = fact.scope.via + tuple(self.rel(s) for s in steps[:MAX_RELATED_CALLERS])
                new = replace(fact, scope=replace(fact.scope, via=via))
        if isinstance(new, ClientConstruction) and not new.in_loop and not new.memoised:
            new = _in_loop(self.graph, self.result, self.path, self.locate.at(new.span), new, self.rel)
        if isinstance(new, ClientCall) and new.receiver_shared and new.span in self.fresh_calls:
            new = replace(new, receiver_shared=False)
        if isinstance(new, TransactionCall) and new.span in self.returned:
            # `getClient().request()`: the package client the project's getter returns
            new = replace(new, callee=self.returned[new.span], callee_in_project=False)
        elif isinstance(new, TransactionCall) and (not new.callee_in_project or new.receiver_is_outer_client) \
                and _bound_function(self.graph, self.path, new.span):
            # the project's own function (`new Mailer().send()`, what the front-end could
            # not place; `services.notes.count()`, shaped like a query): what it does
            # decides (PC201, the link's PC202), not its name
            new = replace(new, callee_in_project=True, receiver_is_outer_client=False, is_query=False)
        if isinstance(new, TransactionCall) and new.span in self.shared_queries and not (
                new.receiver_is_tx or new.receiver_is_outer_client):
            # `prisma.user.update(...)` on the imported shared client, which the file
            # could not tell from another object (`update` is not a query only Prisma
            # spells so): a query on an outer client (PC202)
            new = replace(new, receiver_is_outer_client=True, is_query=True, callee_in_project=False,
                          callee=self.shared_queries[new.span] if new.callee.startswith("(...)") else new.callee)
        if isinstance(new, Transaction) and not new.receiver and new.span in self.wrappers:
            new = _wrapper_timeouts(self.program, self.path, new, self.wrappers[new.span], self.rel)
        if isinstance(new, Transaction) and new.option_refs:   # `{ timeout: TX_TIMEOUT }`, imported
            new = with_imported_options(self.program, self.path, new)
        return new


def _wrapper_timeouts(program, path: str, fact, site, rel):
    """A project wrapper's transaction (`withTransaction(fn, { timeout: 30000 })`) keeps the
    timeouts the wrapper hands to `$transaction`, wherever it takes them from, with that
    `$transaction` call as its `via`; one that keeps them for itself (a lock's wait, a retry
    budget) gives the transaction none. A wrapper the linker cannot bind keeps the
    front-end's reading (its second argument)."""
    from .options import forwarded_options, transaction_call, wrapper_timeouts

    forwarded = getattr(program, "_tx_options", None)
    if forwarded is None:
        forwarded = program._tx_options = forwarded_options(program.graph)
    got = wrapper_timeouts(program.graph, path, site, forwarded)
    if got is None:
        return fact
    (timeout, timeout_span), (max_wait, max_wait_span) = (got[0] or (None, None)), (got[1] or (None, None))
    via = ()
    if timeout is not None or max_wait is not None:
        target = program.graph.bound[(path, site.span)]
        where = transaction_call(program.graph, (target.path, target.name), forwarded)
        if where is not None:
            via = (rel(where),)
    return replace(fact, timeout_ms=timeout, timeout_span=timeout_span,
                   max_wait_ms=max_wait, max_wait_span=max_wait_span, via=via)


class _Locator:
    """The innermost function whose body holds a span."""

    def __init__(self, functions):
        self.items = sorted(((f.body, f.id) for f in functions if f.body is not None),
                            key=lambda x: (x[0].line, x[0].col, -x[0].end_line, -x[0].end_col))
        self.starts = [(b.line, b.col) for b, _ in self.items]

    def at(self, span: Span) -> str | None:
        i = bisect.bisect_right(self.starts, (span.line, span.col))
        best = None
        for body, fid in self.items[:i]:
            if (body.end_line, body.end_col) >= (span.end_line, span.end_col):
                best = fid   # later starts are inner
        return best


def _scope(graph, result, reach: Reach, node, path: str, rel, on_workers: frozenset = frozenset()) -> Scope:
    seed = reach.seed
    via = [rel(s) for s in seed.via if False] + list(seed.via)
    via += [rel(s) for s in reach.chain]
    # the other per-request callers, so a reader sees every path that builds per request
    first = reach.chain[-1][1] if reach.chain else None
    others = []
    for edge in graph.callers.get(node, ()):
        if edge.caller in result.reach and edge.site.span != first:
            others.append((edge.caller[0], edge.site.span, "also called per request here"))
    for rpath, reg in _registrations(graph, node):
        if reg.span != first:
            others.append(registered_here(rpath, reg, also=True))
    others.sort(key=lambda s: (s[0], s[1].line, s[1].col))
    via += [rel(s) for s in others[:MAX_RELATED_CALLERS]]
    f = graph.functions[node]
    edge = path in on_workers or reach.seed_path in on_workers or any(s[0] in on_workers for s in reach.chain)
    kind = ScopeKind.EDGE_REQUEST if edge and seed.kind is ScopeKind.REQUEST else seed.kind
    return Scope(kind, seed.framework, seed.name, seed.span, tuple(via),
                 callee=f.name or _unnamed(graph, node), health=seed.health,
                 origin=rel((reach.seed_path, seed.span, "")).path
                 if reach.seed_path != path or seed.origin is not None else None)


def _registrations(graph, node) -> list[tuple[str, object]]:
    """(module, Registration) for each per-request registration of a function, in any
    module (`Depends(get_db)`, a route taking `DbDep`), by place."""
    found = [(rpath, reg) for rpath, reg, rnode in graph.registrations
             if rnode == node and reg.scope.kind in (ScopeKind.REQUEST, ScopeKind.EDGE_REQUEST)]
    return sorted(found, key=lambda pr: (pr[0], pr[1].span.line, pr[1].span.col))


def _scope_at(graph, result, path: str, fid, rel, on_workers: frozenset) -> Scope:
    """The scope of function `fid` of `path` as the linker sees it: reached from another
    module's request scope, its own mark, else an ordinary function's."""
    reach = result.reach.get((path, fid)) if fid is not None else None
    if reach is not None and (reach.chain or reach.seed_path != path):
        return _scope(graph, result, reach, (path, fid), path, rel, on_workers)
    fn = graph.functions.get((path, fid)) if fid is not None else None
    return fn.direct_scope if fn is not None and fn.direct_scope is not None else Scope(ScopeKind.FUNCTION)


def _unnamed(graph, node) -> str:
    """A function without a name as its reader knows it: `withDb callback` for the arrow
    handed to `withDb(...)` inside a named function, its qualified name otherwise."""
    f = graph.functions[node]
    if not f.qualname.startswith("<"):
        return f.qualname
    parent = graph.functions.get((node[0], f.parent)) if f.parent is not None else None
    while parent is not None and parent.qualname.startswith("<") and parent.parent is not None:
        parent = graph.functions.get((node[0], parent.parent))
    return f"{parent.qualname} callback" if parent is not None and not parent.qualname.startswith("<") \
        else "a callback"


def _in_loop(graph, result, path: str, fid, fact, rel):
    """A construction a function makes on every call, in a function a loop calls once per
    iteration: in the loop, with the chain from the loop's call down to it (PC106)."""
    chain = result.loops.get((path, fid)) if fid is not None else None
    if not chain or fact.span not in graph.functions[(path, fid)].effects.constructs:
        return fact
    return replace(fact, in_loop=True, loop_via=tuple(rel(s) for s in chain))


def _within(inner: Span, outer: Span) -> bool:
    return (outer.line, outer.col) <= (inner.line, inner.col) \
        and (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)


def _bound_function(graph, path: str, span) -> bool:
    target = graph.bound.get((path, span))
    return target is not None and target.kind == "function" and (target.path, target.name) in graph.functions


def _fresh_receivers(graph, result, path: str, symbols) -> set:
    out = set()
    for f in symbols.functions:
        for span, receiver_call in f.effects.lifecycle_from:
            target = graph.bound.get((path, receiver_call))
            if target is not None and target.kind == "function":
                e = result.effects.get((target.path, target.name))
                if e is not None and e.fresh is not None:
                    out.add(span)
    return out


def _returned_sites(graph, path: str, symbols) -> dict:
    """call span -> the package method it calls, for calls on what a project function
    returns (`bind.bind_returned`): the front-end saw only a call on a call's result."""
    out = {}
    for f in symbols.functions:
        for site in f.calls:
            if site.callee.call is not None and site.callee.kind in ("returned", "name"):
                t = graph.bound.get((path, site.span))
                if t is not None and t.kind == "external" and t.name != site.callee.external:
                    out[site.span] = t.name
    return out


def _transaction_calls(graph, result, path: str, symbols, scopes_by_tx, rel, facts=(), judged=frozenset(),
                       run_by=None):
    # calls the front-end's own transaction walk followed into this file's functions
    # (`self.helper()`) and found the same effect in: it reports that further down (one
    # finding per cause)
    from .slow import slow_reason

    followed = {"outer-query": [], "leaves": []}
    for c in facts:
        if isinstance(c, TransactionCall) and c.via:
            if c.receiver_is_outer_client:
                followed["outer-query"].append(c.via[0].span)
            elif slow_reason(c.callee, symbols.ecosystem):
                followed["leaves"].append(c.via[0].span)
    for f in symbols.functions:
        for site in f.calls:
            site = graph.placed.get((path, site.span), site)   # Python keyword arguments
            if site.runs_callback and site.transaction is not None:
                continue   # a callback in a body the front-end walked: its calls are the body's
            if site.transaction is None and run_by and f.id in run_by:   # `in_tx(create_order)`
                if site.unless_param is not None:
                    continue   # only without a parameter: the wrapper hands the body its client
                site = replace(site, transaction=run_by[f.id], transaction_receiver="")
            # (a body the symbols saw but no transaction of the file's holds: a call handed to
            # a function that does not open one, `PendingTransaction`)
            if site.transaction not in scopes_by_tx or site.callee.kind not in ("import", "name", "this", "local", "returned",
                                                                    "global") \
                    or site.awaited is False:   # fire-and-forget: the transaction does not wait
                continue
            target = graph.bound.get((path, site.span))
            if target is not None and target.kind == "external" and not (
                    site.callee.kind == "returned" and site.span in judged):   # the front-end's, renamed
                yield from _package_instance_call(site, target, symbols.ecosystem, scopes_by_tx)
            if target is None or target.kind != "function":
                continue
            e = result.effects.get((target.path, target.name))
            if e is None:
                continue
            # a helper that leaves the process and queries another client is both (PC201, PC202)
            found = [("leaves", e.leaves)] if e.leaves is not None else []
            tx_client = transaction_client(graph, graph.bound.get((path, site.transaction)))
            outer = outer_at(graph, path, e, site)
            if outer:
                found.append(("outer-query", same_client_first(outer, tx_client, site.transaction_receiver)))
            else:
                handed = next((e.params[j] for j, arg in enumerate(site.args)   # `getTitle(prisma, ws)`
                               if arg.kind == "outer-client" and j in e.params), None) or \
                    next((e.params[(j, arg.name)] for j, arg in enumerate(site.args)   # `assertAccess(ctx)`
                          if arg.kind == "holder" and (j, arg.name) in e.params), None)
                if handed is not None:
                    found.append(("outer-query", replace(handed, reason="queries the shared client it is handed")))
            for effect, witness in found:
                if any(_within(s, site.span) for s in followed[effect]):
                    continue
                same = same_client(witness, tx_client, site.transaction_receiver) \
                    if effect == "outer-query" else None
                yield LinkedTransactionCall(
                    client=client_named(witness, same, site.transaction_receiver), same_client=same,
                    span=site.span, transaction_span=site.transaction, callee=site.callee.written,
                    effect=effect, reason=witness.reason, chain=tuple(rel(s) for s in witness.chain),
                    transaction_receiver=site.transaction_receiver,
                    scope=scopes_by_tx.get(site.transaction))


def _package_instance_call(site, target, ecosystem: str, scopes_by_tx):
    """A transaction-body call on a package's client that another module of the project
    builds and exports (`import { search } from "./search"` where search.ts holds
    `new MeiliSearch(...)`): the known-library lists judge the package's name. The name as
    written, or the qualified name the front-end resolved it to, is the front-end's to judge
    (`stripe.charges.create`; `post` of `from httpx import post`): one finding per cause."""
    from .slow import slow_reason

    if site.callee.kind not in ("import", "returned") or site.callee.path[-1:] == ("__init__",):
        return   # building an object of a package's class is not a call to it
    if slow_reason(site.callee.written, ecosystem) or \
            site.callee.external and slow_reason(site.callee.external, ecosystem):
        return   # the front-end judges it by that name (`httpx.post` of `from httpx import post`)
    reason = slow_reason(target.name, ecosystem)
    if reason:
        yield LinkedTransactionCall(
            client=None, same_client=None, span=site.span, transaction_span=site.transaction,
            callee=site.callee.written, effect="leaves", reason=reason, chain=(),
            transaction_receiver=site.transaction_receiver, scope=scopes_by_tx.get(site.transaction))
