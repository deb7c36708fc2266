"""PC306 malformed-url-query: a connection URL query that Prisma will misread or reject."""

from __future__ import annotations

from ...core.diagnostics import Severity
from ...facts import EnvWarning
from ...urlmodel import check_params, redact
from ..context import FileRuleContext
from ..helpers.urls import param_span, sub_span, urls
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC306", "malformed-url-query", E, True, "file",
                'A connection URL query that Prisma will misread or reject',
                'Write one ?, then key=value pairs joined by &, each value of its type (connection_limit >= 1, pgbouncer=true)')


_ISSUES = {
    "second-question-mark": "a second `?` in the query: everything after it becomes part of the "
                            "previous value and those parameters are lost; join parameters with `&`",
    "ampersand-without-question-mark": "parameters after `&` with no `?`: they are read as part "
                                       "of the database name; start the query with `?`",
    "empty-key": "a query parameter with an empty name",
    "too-many-parameters": "more than 1,000 query parameters: the rest was not checked",
}


@rule(SPEC)
def malformed_url_query(ctx: FileRuleContext):
    for lit, url in urls(ctx.facts, appended=True):
        for issue in url.issues:
            yield ctx.report(sub_span(lit, issue.start, issue.end),
                             f"{redact(lit.value)}: {_ISSUES[issue.kind]}",
                             severity=Severity.INFO if issue.kind == "too-many-parameters" else None)
        for problem in check_params(url):
            if problem.kind in ("bad-type", "zero-limit"):
                yield ctx.report(param_span(lit, problem.param), problem.message)
            elif problem.kind == "duplicate":
                yield ctx.report(param_span(lit, problem.param), problem.message, severity=Severity.WARNING)
    for warning in ctx.facts.of(EnvWarning):
        if warning.url_related:
            yield ctx.report(warning.span, warning.message, severity=Severity.WARNING)
