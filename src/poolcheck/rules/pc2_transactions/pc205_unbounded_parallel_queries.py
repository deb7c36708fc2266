"""PC205 unbounded-parallel-queries: Promise.all / asyncio.gather over a collection of unknown size, one query per item."""

from __future__ import annotations

from ...facts import ParallelQueries, ScopeKind
from ..context import FileRuleContext
from ..helpers.scope_text import describe_scope, scope_related
from ..spec import I, RuleSpec, rule

SPEC = RuleSpec("PC205", "unbounded-parallel-queries", I, False, "file",
                "Promise.all over a collection of unknown size runs one query per item",
                "Batch the queries (findMany with `in`) or bound the concurrency")
# the batched query as each language spells it
BATCH = {"python": "find_many"}


@rule(SPEC)
def unbounded_parallel_queries(ctx: FileRuleContext):
    batch = BATCH.get(ctx.facts.language, "findMany")
    for q in ctx.facts.of(ParallelQueries):
        if q.scope.kind is not ScopeKind.REQUEST:
            continue
        # a helper another module's handler calls: the handler and the calls as related
        # locations, as for the other scope rules
        yield ctx.report(
            q.span,
            f"one query per item of `{q.collection}` at once in {describe_scope(q.scope)}: with a "
            f"small pool they queue until P2024; batch them ({batch} with `in`) or bound the concurrency",
            scope_related(ctx.facts.path, q.scope))
