"""PC304 pool-timeout-disabled: pool_timeout=0 or connectionTimeoutMillis: 0 makes requests queue forever."""

from __future__ import annotations

from ...facts import ClientConstruction
from ...vocabulary.clients import POOL_TIMEOUT_OPTIONS
from ..context import FileRuleContext
from ..helpers.urls import param_span, urls
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC304", "pool-timeout-disabled", W, True, "file",
                'pool_timeout=0 or connectionTimeoutMillis: 0 makes requests queue forever',
                'Use a finite pool timeout so an exhausted pool fails fast')


@rule(SPEC)
def pool_timeout_disabled(ctx: FileRuleContext):
    for lit, url in urls(ctx.facts, appended=True):
        key = "pooltimeout" if url.provider == "sqlserver" else "pool_timeout"
        for p in url.params:
            if (p.norm if url.case_insensitive else p.key) == key and p.value.strip() == "0":
                yield ctx.report(
                    param_span(lit, p),
                    f"`{p.key}=0` disables the pool timeout: when the pool is exhausted, queries "
                    f"queue forever instead of failing with P2024; use a finite value (default 10)")
    for c in ctx.facts.of(ClientConstruction):
        if c.kind not in ("pool", "adapter"):
            continue
        for key, value in c.options:
            if key.rsplit(".", 1)[-1] in POOL_TIMEOUT_OPTIONS and value == 0 \
                    and not isinstance(value, bool):
                yield ctx.report(
                    c.option_span(key) or c.span,
                    f"`{key.rsplit('.', 1)[-1]}: 0` on `{c.class_name}` waits forever for a free "
                    f"connection; set a finite timeout so an exhausted pool fails fast")
