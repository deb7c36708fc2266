"""PC106 client-in-loop: a client constructed inside a loop or comprehension."""

from __future__ import annotations

from ...facts import ClientConstruction
from ..context import FileRuleContext
from ..helpers.clients import client_label
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC106", "client-in-loop", E, True, "file",
                "A client is constructed inside a loop or comprehension",
                "Use one client, or a bounded cache keyed by tenant")


@rule(SPEC)
def client_in_loop(ctx: FileRuleContext):
    for c in ctx.facts.of(ClientConstruction):
        if c.in_loop and not c.memoised:
            yield ctx.report(
                c.span,
                f"{client_label(c)} constructed inside a loop: each iteration opens a pool that "
                f"stays open until garbage collected; use one client or a bounded cache keyed by tenant")
