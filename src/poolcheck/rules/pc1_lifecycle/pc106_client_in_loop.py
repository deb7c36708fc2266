"""PC106 client-in-loop: a client constructed inside a loop or comprehension."""

from __future__ import annotations

from ...facts import ClientConstruction
from ..context import FileRuleContext
from ..helpers.clients import client_label, inside_client
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC106", "client-in-loop", E, True, "file",
                "A client is constructed inside a loop or comprehension",
                "Use one client, or a bounded cache keyed by tenant")


@rule(SPEC)
def client_in_loop(ctx: FileRuleContext):
    looped = [c for c in ctx.facts.of(ClientConstruction) if c.in_loop and not c.memoised]
    for c in looped:
        if inside_client(c, looped):
            continue  # the adapter handed to that client: one cause, one finding
        if c.loop_via:   # the linker: a function a loop calls builds it on every call
            where = c.loop_via[0]
            yield ctx.report(
                c.span,
                f"{client_label(c)} constructed on every call, and a loop calls this once per "
                f"iteration ({where.path.name}:{where.span.line}): each iteration opens a pool "
                f"that stays open until garbage collected; use one client or a bounded cache "
                f"keyed by tenant", c.loop_via)
            continue
        yield ctx.report(
            c.span,
            f"{client_label(c)} constructed inside a loop: each iteration opens a pool that "
            f"stays open until garbage collected; use one client or a bounded cache keyed by tenant")
