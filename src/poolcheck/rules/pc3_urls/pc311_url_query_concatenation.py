"""PC311 url-query-concatenation: a query string appended to a connection URL from the environment."""

from __future__ import annotations

from ...facts import UrlConcatenation
from ..context import FileRuleContext
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC311", "url-query-concatenation", W, True, "file",
                'A query string appended to a connection URL from the environment',
                'Use new URL(...).searchParams.set or urllib.parse')


@rule(SPEC)
def url_query_concatenation(ctx: FileRuleContext):
    for cat in ctx.facts.of(UrlConcatenation):
        source = f"`{cat.env_var}`" if cat.env_var else "a URL from the environment"
        how = {"+": "string concatenation", "template": "a template literal", "concat": "concat()",
               "f-string": "an f-string", "%": "%-formatting", "format": "str.format()"}.get(cat.operator, "concatenation")
        if cat.appended.lstrip().startswith("&"):
            # `url + "&pgbouncer=true"` assumes the opposite: a query already there
            risk = ("if the URL has no query yet, `&...` becomes part of the database name and "
                    "the parameters are lost")
        else:
            risk = ("if the URL already has a query (?schema=..., ?sslmode=...) the result has "
                    "two `?` and the new parameters are lost")
        yield ctx.report(
            cat.span,
            f"query parameters appended to {source} with {how}: {risk}; use "
            f"new URL(...).searchParams.set or urllib.parse")
