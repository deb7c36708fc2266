"""Parallel query fan-outs in Python: `asyncio.gather(*[db.user.find_unique(...) for i in
ids])` (PC205), as the TS front-end reads `Promise.all(xs.map(x => db.model.query(...)))`
(`frontends/typescript/queries.py`): one query per item of a collection, all at once."""

from __future__ import annotations

import libcst as cst

from ...facts import ParallelQueries
from ...vocabulary import clients as c
from . import scopes
from .gate import PRISMA_ACTIONS, RAW_QUERIES

GATHER = frozenset({c.PY_FAN_OUT})
COMPREHENSIONS = (cst.ListComp, cst.GeneratorExp, cst.SetComp)


def parallel(pf, call: cst.Call) -> None:
    """A `ParallelQueries` for `asyncio.gather(*<comprehension>)` whose element queries a
    client of the file (a name the file queries as one): the collection is the
    comprehension's first iterable."""
    if f"asyncio.{c.PY_FAN_OUT}" not in pf.import_qnames(call.func, GATHER):
        return
    for arg in call.args:
        value = arg.value
        if arg.star != "*" or not isinstance(value, COMPREHENSIONS):
            continue
        if any(isinstance(n, cst.Call) and _is_query(pf, n) for n in _nodes(value.elt)):
            pf.facts.add(ParallelQueries(span=pf.span(call), scope=scopes.scope_of(pf, call),
                                         collection=pf.code(value.for_in.iter)))
            return


def _is_query(pf, call: cst.Call) -> bool:
    """`db.user.find_unique(...)`, `db.query_raw(...)` on a name that holds a client."""
    func = call.func
    if not isinstance(func, cst.Attribute):
        return False
    action, base = func.attr.value, func.value
    if action in PRISMA_ACTIONS and isinstance(base, cst.Attribute):
        return pf.code(base.value) in pf.client_keys
    return action in RAW_QUERIES and pf.code(base) in pf.client_keys


def _nodes(node):
    """`node` and what it holds, without entering a lambda (it runs later, if at all)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if not isinstance(n, cst.Lambda):
            stack.extend(n.children)
