"""PC900 parse-error: a file poolcheck reads could not be parsed. The engine reports it
from the front-ends' ParseProblem facts (and for files it must not read)."""

from __future__ import annotations

from ..spec import E, RuleSpec

SPEC = RuleSpec("PC900", "parse-error", E, True, "file",
                "A file poolcheck reads could not be parsed",
                "Fix the syntax error")
PRODUCED_BY = "the engine (ParseProblem facts, unreadable files)"
