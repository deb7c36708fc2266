"""Whether a call to a package outside the project leaves the process: the known-library
lists (the same data PC201 judges direct calls by), never the callee's name."""

from __future__ import annotations


def slow_reason(callee: str, ecosystem: str) -> str | None:
    # The lists live with PC201 (rules/helpers/slow.py) until they move to the vocabulary.
    from ..rules.helpers.slow import slow_reason as judge

    return judge(callee, [], by_name=False)
