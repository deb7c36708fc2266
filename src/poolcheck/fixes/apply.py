"""Applying fixes to one file's text: non-overlapping, all-or-nothing per fix, exact.

As ruff does (`ruff_linter::fix::apply_fixes`): fixes are taken in the order of their
first edit, safe ones before unsafe ones (a PC305 rename inside a query before the unsafe
PC311 rewrite of the whole concatenation); a fix whose range meets (overlaps or touches)
one already taken is left for the next round, when the file has been analysed again and the finding, if it is
still there, carries a fix computed on the new text. Only the characters an edit names
change; the rest of the text, its line endings and its byte-order mark stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..core.edits import Fix
from .text import FileText


@dataclass(frozen=True)
class Applied:
    text: FileText
    applied: tuple[Fix, ...]     # the fixes whose edits are in `text`
    skipped: int                 # overlapping or stale fixes left for the next round


def _resolved(ft: FileText, fix: Fix) -> list[tuple[int, int, str]] | None:
    """The fix's edits as (start, end, content) offsets, or None when one does not fit the
    text or two of them overlap (a builder bug: the fix is dropped, never half-applied)."""
    out = []
    for e in fix.edits:
        where = ft.offsets(e.span)
        if where is None:
            return None
        out.append((where[0], where[1], e.content))
    out.sort()
    for (_, end, _), (start, _, _) in zip(out, out[1:]):
        if start < end:
            return None
    return out


def apply_fixes(ft: FileText, fixes: Iterable[Fix]) -> Applied:
    chosen: list[tuple[list[tuple[int, int, str]], Fix]] = []
    taken: list[tuple[int, int]] = []
    twins: list[Fix] = []        # the same edits as a chosen fix: repaired by it
    skipped = 0
    seen: set[tuple] = set()
    candidates = []
    for fix in fixes:
        edits = _resolved(ft, fix)
        if edits is None:
            skipped += 1
            continue
        candidates.append((edits[0][0], edits[-1][1], edits, fix))
    for start, end, edits, fix in sorted(candidates, key=lambda c: (not c[3].is_safe, c[0], c[1])):
        key = tuple(edits)
        if key in seen:  # two findings with the same repair (a URL flagged by two rules)
            twins.append(fix)
            continue
        if any(start <= t_end and end >= t_start for t_start, t_end in taken):
            skipped += 1
            continue
        seen.add(key)
        chosen.append((edits, fix))
        taken.append((start, end))
    if not chosen:
        return Applied(ft, (), skipped)
    pieces: list[str] = []
    pos = 0
    text = ft.text
    for edits, _ in sorted(chosen, key=lambda c: c[0][0][:2]):
        for start, end, content in edits:
            pieces.append(text[pos:start])
            pieces.append(content)
            pos = end
    pieces.append(text[pos:])
    return Applied(ft.with_text("".join(pieces)), (*(f for _, f in chosen), *twins), skipped)
