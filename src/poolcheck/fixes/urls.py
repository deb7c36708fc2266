"""Fixes inside connection URLs (PC301, PC304, PC305, PC306), wherever the URL is written.

The URL is the front-end's `UrlLiteral` for the finding (a .env value, the schema's
`url = "..."`, prisma.config.ts, a string literal in code), read with the URL model
(`poolcheck.urlmodel.parse_url`). Every edit is computed from the model's offsets and lands
in the query: never before the end of the authority (so never in the user name, the
password or the host) and never in a parameter whose key names a secret (`password=`,
`api_key=`, ...). A literal whose source text is not its value verbatim (escapes, a
string built of pieces) gets no fix: the offsets would be a guess.
"""

from __future__ import annotations

import difflib

from ..core.diagnostics import Diagnostic, Span
from ..facts import UrlLiteral, UrlQueryInCode
from ..rules.helpers.urls import query_literal, url_of
from ..urlmodel import ConnectionUrl, Param, check_params, is_secret_key, parse_url, suggest
from ..urlmodel.authority import split_authority
from ..urlmodel.params import ALIASES, ENGINE_PARAMS
from ..core.edits import Edit, Fix
from .registry import FixContext, fix_builder

_QUOTES = ("\"", "'", "`")
_TRUE, _FALSE = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off"})


class _Located:
    """A URL literal whose value sits verbatim in the file, from character `base` on."""

    def __init__(self, ctx: FixContext, lit: UrlLiteral, base: int, url: ConnectionUrl,
                 query_only: bool = False):
        self.ctx, self.lit, self.base, self.url = ctx, lit, base, url
        auth = split_authority(lit.value)
        if query_only:
            # parameters appended in code (UrlQueryInCode): the text is the query alone, and
            # its first character stands for the `?` (it may be `&` or a quote in the file)
            self.floor = 1
            return
        # Nothing before this offset of the value may change: scheme, userinfo, host, path.
        # SQL Server keeps everything after the host in `;key=value` pairs (the password
        # too): there the floor is the first `;`, and secret keys are never edited.
        if url.provider == "sqlserver":
            self.floor = url.query_start if url.query_start is not None else len(lit.value)
        else:
            self.floor = auth.end if auth is not None else len(lit.value)
            if url.query_start is not None:
                self.floor = max(self.floor, url.query_start)

    @property
    def value(self) -> str:
        return self.lit.value

    def edit(self, start: int, end: int, content: str) -> Edit | None:
        if start < self.floor and not (start == end == self.floor):
            return None  # would touch the authority: never
        span = self.ctx.file.span(self.base + start, self.base + end)
        return Edit(span, content)

    def span_of(self, start: int, end: int) -> Span:
        return self.ctx.file.span(self.base + start, self.base + max(end, start + 1))

    def param_at(self, d: Diagnostic, kinds: tuple[str, ...] = ()) -> Param | None:
        """The parameter a finding is about: the one at its span, or, for a finding on
        the whole literal, the one whose URL-model problem (check_params) it reports."""
        for p in self.url.params:
            if self.span_of(p.start, p.end) == d.span:
                return p
        if d.span != self.lit.span:
            return None
        for problem in check_params(self.url):
            if problem.kind in kinds and problem.message in d.message:
                return problem.param
        return None

    def key_range(self, p: Param) -> tuple[int, int]:
        start = self.value.find(p.key, p.start, p.end)
        return start, start + len(p.key)

    def value_range(self, p: Param) -> tuple[int, int] | None:
        eq = self.value.find("=", p.start, p.end)
        return (eq + 1, p.end) if eq != -1 else None


def _verbatim_start(ctx: FixContext, lit: UrlLiteral) -> int | None:
    """Offset in the file where the literal's value starts, when it is written verbatim
    (bare, or between one pair of quotes with at most a string prefix before them)."""
    where = ctx.file.offsets(lit.span)
    if where is None:
        return None
    raw = ctx.text[where[0]:where[1]]
    if raw == lit.value:
        return where[0]
    if len(raw) >= len(lit.value) + 2 and raw[-1] in _QUOTES and raw[:-1].endswith(lit.value):
        prefix = raw[:len(raw) - len(lit.value) - 1]
        if prefix and prefix[-1] == raw[-1] and (prefix[:-1].isalpha() or not prefix[:-1]) and len(prefix) <= 3:
            return where[0] + len(prefix)
    return None


def _inside(inner: Span, outer: Span) -> bool:
    return (outer.line, outer.col) <= (inner.line, inner.col) and \
        (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)


def _locate(d: Diagnostic, ctx: FixContext) -> _Located | None:
    facts = ctx.facts()
    if facts is None:
        return None
    for lit in facts.of(UrlLiteral):
        if _inside(d.span, lit.span):
            base = _verbatim_start(ctx, lit)
            if base is None:
                return None
            return _Located(ctx, lit, base, url_of(facts, lit))
    for q in facts.of(UrlQueryInCode):
        # `process.env.DATABASE_URL + "?connection_limt=1"`: the rules read the query alone
        where = ctx.file.offsets(q.span) if q.exact and _inside(d.span, q.span) else None
        if where is not None and ctx.text[where[0] + 1:where[1]] == q.query[1:]:
            return _Located(ctx, query_literal(q), where[0], parse_url(q.query), query_only=True)
    return None


def _keyed(url: ConnectionUrl, key: str) -> str:
    return key.lower() if url.case_insensitive else key


# ---------------------------------------------------------------------------- PC305
def unambiguous_suggestion(provider: str, key: str) -> str | None:
    """`suggest`'s answer when no other parameter is as close (did-you-mean with one
    candidate): exact squashes and aliases are unambiguous; a fuzzy match is only when
    the runner-up scores lower."""
    hint = suggest(provider, key)
    if hint is None:
        return None
    specs = ENGINE_PARAMS.get(provider, {})
    lowered = key.lower()
    squashed = lowered.replace("_", "").replace("-", "")
    if any(n.replace("_", "") == squashed for n in specs) or lowered in ALIASES or squashed in ALIASES:
        return hint
    scores = sorted((difflib.SequenceMatcher(None, lowered, n).ratio() for n in specs), reverse=True)
    return hint if len(scores) < 2 or scores[0] > scores[1] else None


@fix_builder("PC305", "safe")
def rename_misspelled_parameter(d: Diagnostic, ctx: FixContext) -> Fix | None:
    loc = _locate(d, ctx)
    p = loc.param_at(d, ("unknown",)) if loc is not None else None
    if p is None or is_secret_key(p.key):
        return None
    # appended in code, the URL's provider is unknown: the rules suggest PostgreSQL's names
    hint = unambiguous_suggestion(loc.url.provider or "postgresql", p.key)
    if hint is None or any(_keyed(loc.url, q.key) == _keyed(loc.url, hint) for q in loc.url.params):
        return None  # renaming would give the parameter twice: the user must choose
    start, end = loc.key_range(p)
    edit = loc.edit(start, end, hint)
    return Fix.safe(f"Rename `{p.key}` to `{hint}`", edit) if edit else None


# ---------------------------------------------------------------------------- PC306
@fix_builder("PC306", "safe")
def repair_query(d: Diagnostic, ctx: FixContext) -> Fix | None:
    loc = _locate(d, ctx)
    if loc is None:
        return None
    p = loc.param_at(d, ("duplicate", "bad-type"))
    if p is not None:
        if is_secret_key(p.key):
            return None
        earlier = [q for q in loc.url.params
                   if q.start < p.start and _keyed(loc.url, q.key) == _keyed(loc.url, p.key)]
        return _drop_earlier(loc, earlier[-1], p) if earlier and "twice" in d.message else _boolean(loc, p)
    for issue in loc.url.issues:
        # On a quoted literal the finding sits on the whole literal: the first issue then.
        if loc.span_of(issue.start, issue.end) != d.span and d.span != loc.lit.span:
            continue
        if issue.kind == "second-question-mark":
            edit = loc.edit(issue.start, issue.start + 1, "&")
            return Fix.safe("Join the parameters with `&`", edit) if edit else None
        if issue.kind == "ampersand-without-question-mark":
            edit = loc.edit(issue.start, issue.start + 1, "?")
            return Fix.safe("Start the query with `?`", edit) if edit else None
    return None


def _drop_earlier(loc: _Located, earlier: Param, p: Param) -> Fix | None:
    """Remove the earlier occurrence with the separator after it: the engine reads the last."""
    if is_secret_key(earlier.key):
        return None
    following = min((q.start for q in loc.url.params if q.start > earlier.start), default=p.start)
    edit = loc.edit(earlier.start, following, "")
    return Fix.safe(f"Remove the first `{earlier.key}` (the engine uses the last)", edit) if edit else None


def _boolean(loc: _Located, p: Param) -> Fix | None:
    provider = loc.url.provider or ""
    spec = ENGINE_PARAMS.get(provider, {}).get(_keyed(loc.url, p.key))
    where = loc.value_range(p)
    if spec is None or spec.type != "bool" or where is None:
        return None
    raw = loc.value[where[0]:where[1]]
    word = raw.strip().lower()
    new = "true" if word in _TRUE else "false" if word in _FALSE else None
    if new is None or raw == new:
        return None
    edit = loc.edit(where[0], where[1], new)
    return Fix.safe(f"Write `{p.key}={new}`", edit) if edit else None


# ---------------------------------------------------------------------------- PC301
@fix_builder("PC301", "safe")
def add_pgbouncer_flag(d: Diagnostic, ctx: FixContext) -> Fix | None:
    loc = _locate(d, ctx)
    if loc is None or loc.url.issues or loc.url.has("pgbouncer") or not loc.url.postgres_like:
        return None
    value = loc.value
    auth = split_authority(value)
    if auth is None:
        return None
    fragment = value.find("#", auth.end)
    end = fragment if fragment != -1 else len(value)
    if loc.url.query_start is None:
        text = "?pgbouncer=true"
    else:
        text = "pgbouncer=true" if value[end - 1:end] in ("?", "&") else "&pgbouncer=true"
    edit = loc.edit(end, end, text)
    return Fix.safe("Add `pgbouncer=true`", edit) if edit else None


# ---------------------------------------------------------------------------- PC304
@fix_builder("PC304", "unsafe")
def finite_pool_timeout(d: Diagnostic, ctx: FixContext) -> Fix | None:
    loc = _locate(d, ctx)
    p = loc.param_at(d) if loc is not None else None
    if p is None and loc is not None and d.span == loc.lit.span:
        key = "pooltimeout" if loc.url.provider == "sqlserver" else "pool_timeout"
        p = next((q for q in loc.url.params if _keyed(loc.url, q.key) == key and q.value.strip() == "0"), None)
    if p is None:
        return None
    where = loc.value_range(p)
    if where is None or loc.value[where[0]:where[1]].strip() != "0":
        return None
    default = ENGINE_PARAMS.get(loc.url.provider or "", {}).get(_keyed(loc.url, p.key))
    seconds = default.default if default is not None and isinstance(default.default, int) else 10
    edit = loc.edit(where[0], where[1], str(seconds))
    return Fix.unsafe(f"Set `{p.key}={seconds}` (the default)", edit) if edit else None
