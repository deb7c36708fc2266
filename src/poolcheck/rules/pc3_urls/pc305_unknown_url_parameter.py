"""PC305 unknown-url-parameter: a URL parameter the provider's engine does not know is silently ignored."""

from __future__ import annotations

from ..context import FileRuleContext
from ..helpers.urls import param_problems, param_span, urls
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC305", "unknown-url-parameter", E, True, "file",
                "A URL parameter the provider's engine does not know is silently ignored",
                "Fix the parameter's spelling or remove it")


@rule(SPEC)
def unknown_url_parameter(ctx: FileRuleContext):
    for lit, url in urls(ctx.facts, appended=True):
        for problem in param_problems(url):
            if problem.kind not in ("unknown", "other-provider"):
                continue
            hint = f"; did you mean `{problem.suggestion}`?" if problem.suggestion else ""
            yield ctx.report(param_span(lit, problem.param),
                             f"{problem.message}: Prisma drops it silently{hint}")
