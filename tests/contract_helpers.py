"""What a facts-contract test compares: each fact as (type, line, col, key fields), the
key fields being the ones rules read. A front-end change that alters them fails the
contract suite (tests/test_contract_ts.py, tests/test_contract_py.py) before any rule test."""

from __future__ import annotations

from pathlib import Path

from poolcheck.config import load_settings
from poolcheck.core.sources import Source
from poolcheck.frontends import analyse
from poolcheck.rules import implemented_codes
from poolcheck.facts import (
    ClientCall, ClientConstruction, FileFacts, NestPrismaService, ParallelQueries, ParseProblem, Trait, Transaction,
    TransactionCall, UrlConcatenation, UrlLiteral,
)

# type -> the fields a rule reads (besides the span)
KEY_FIELDS = {
    ClientConstruction: ("kind", "class_name", "binding", "memoised", "in_loop", "context_manager"),
    ClientCall: ("method", "receiver", "receiver_shared", "guarded", "in_finally"),
    Transaction: ("receiver", "timeout_ms", "max_wait_ms"),
    TransactionCall: ("callee", "receiver_is_tx", "receiver_is_outer_client", "is_query", "handled"),
    ParallelQueries: ("collection",),
    UrlLiteral: ("origin", "role", "env_var"),
    UrlConcatenation: ("operator", "env_var", "appended"),
    Trait: ("name",),
    NestPrismaService: ("class_name", "shares_pool", "wraps"),
    ParseProblem: (),
}


def scope_of(fact) -> str | None:
    scope = getattr(fact, "scope", None)
    return None if scope is None else f"{scope.kind.value}:{scope.framework or ''}:{scope.name or ''}"


def contract(facts: FileFacts, *types: type) -> list[tuple]:
    """The facts of `types` (all known ones when none given), sorted by position."""
    wanted = types or tuple(KEY_FIELDS)
    out = []
    for fact in facts.facts:
        if not isinstance(fact, wanted) or type(fact) not in KEY_FIELDS:
            continue
        fields = tuple(getattr(fact, name) for name in KEY_FIELDS[type(fact)])
        span = getattr(fact, "span", None)  # a file-wide Trait has none
        line, col = (span.line, span.col) if span is not None else (0, 0)
        out.append((type(fact).__name__, line, col, scope_of(fact)) + fields)
    return sorted(out, key=lambda t: (t[1], t[2], t[0], str(t[3:])))



def facts_of(path: str, src: str, kind: str) -> FileFacts:
    """The facts the front-end of `kind` gives for `src` at `path`, default settings."""
    return analyse(Source.from_bytes(Path(path), kind, src.encode()), load_settings(None, implemented_codes()))
