"""The rules: one module per rule, its spec beside its check, in a package per family.

    pc1_lifecycle/    PC101-PC108  when clients are created, connected, disconnected
    pc2_transactions/ PC201-PC205  what happens inside interactive transactions
    pc3_urls/         PC301-PC312  connection URLs and pool configuration
    pc4_budget/       PC401-PC403  connections the deployment can open
    pc9_tool/         PC900-PC902  poolcheck's own problems (produced by the engine)
    helpers/          what several rules share (scope text, client labels, URL views, ...)

A rule is a function that reads facts and yields diagnostics through its context:

    SPEC = RuleSpec("PC106", "client-in-loop", E, True, "file", "...", "...")

    @rule(SPEC)
    def client_in_loop(ctx: FileRuleContext):
        for c in ctx.facts.of(ClientConstruction):
            if c.in_loop:
                yield ctx.report(c.span, "...")

`rules.registry` collects the catalogue from the modules; this package re-exports what
the engine, the CLI, the reporters and the tests use.
"""

from __future__ import annotations

from .context import FileRuleContext, ProjectRuleContext
from .helpers.clients import backs_prisma, file_role
from .registry import (_IMPLEMENTED, BY_CODE, SKIPPED_ROLES, SPECS, SUPERSEDES, Rule, applies,
                       explanation, implemented_codes, load, one_finding_per_cause)  # noqa: F401 (_IMPLEMENTED: tests)
from .spec import RuleSpec, rule

__all__ = [
    "SPECS", "BY_CODE", "RuleSpec", "Rule", "rule", "load", "implemented_codes", "explanation",
    "file_role", "applies", "one_finding_per_cause", "backs_prisma", "FileRuleContext",
    "ProjectRuleContext", "SKIPPED_ROLES", "SUPERSEDES",
]
