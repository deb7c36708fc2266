"""What a rule module declares: its `SPEC = RuleSpec(...)` and its check, `@rule(SPEC)`.

    SPEC = RuleSpec("PC106", "client-in-loop", Severity.ERROR, True, "file",
                    "A client is constructed inside a loop or comprehension",
                    "Use one client, or a bounded cache keyed by tenant")

    @rule(SPEC)
    def client_in_loop(ctx: FileRuleContext):
        ...

Codes are stable once released; never reuse one. The long explanation of each rule is
its page under docs/rules/<CODE>.md (shipped in the wheel), which `--explain` prints.
This module holds no table: the catalogue is collected from the rule modules by
`rules.registry` (as ruff's codes.rs or ESLint's `meta`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.diagnostics import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class RuleSpec:
    code: str
    name: str
    severity: Severity
    default: bool              # runs without --select
    scope: str                 # "file" (also runs in flake8) or "project"
    summary: str               # one line, used by --list-rules and SARIF shortDescription
    fix: str                   # one line, used by --format full

    @property
    def family(self) -> str:
        return self.code[:3]


RULE_ATTRIBUTE = "__poolcheck_rule__"


def rule(spec: RuleSpec):
    """Mark `fn` as the check of `spec`. The registry collects it from its module and
    checks that the module, the spec and the context the function takes agree."""

    def decorate(fn):
        setattr(fn, RULE_ATTRIBUTE, spec)
        return fn

    return decorate
