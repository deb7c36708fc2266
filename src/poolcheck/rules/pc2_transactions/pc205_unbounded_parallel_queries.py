"""PC205 unbounded-parallel-queries: Promise.all over a collection of unknown size, one query per item."""

from __future__ import annotations

from ...facts import ParallelQueries, ScopeKind
from ..context import FileRuleContext
from ..spec import I, RuleSpec, rule

SPEC = RuleSpec("PC205", "unbounded-parallel-queries", I, False, "file",
                "Promise.all over a collection of unknown size runs one query per item",
                "Batch the queries (findMany with `in`) or bound the concurrency")


@rule(SPEC)
def unbounded_parallel_queries(ctx: FileRuleContext):
    for q in ctx.facts.of(ParallelQueries):
        if q.scope.kind is not ScopeKind.REQUEST:
            continue
        yield ctx.report(
            q.span,
            f"one query per item of `{q.collection}` at once: with a small pool they queue until "
            f"P2024; batch them (findMany with `in`) or bound the concurrency")
