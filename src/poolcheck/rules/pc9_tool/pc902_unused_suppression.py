"""PC902 unused-suppression: an inline suppression with nothing to suppress. The engine
reports it after filtering (opt-in, like ruff's RUF100)."""

from __future__ import annotations

from ..spec import W, RuleSpec

SPEC = RuleSpec("PC902", "unused-suppression", W, False, "project",
                "An inline suppression names a poolcheck code that has nothing to suppress",
                "Remove the code from the suppression comment (or the whole comment)")
PRODUCED_BY = "the engine (suppression filtering)"
