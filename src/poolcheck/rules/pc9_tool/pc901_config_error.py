"""PC901 config-error: poolcheck's own configuration is invalid. The config loader reports it."""

from __future__ import annotations

from ..spec import E, RuleSpec

SPEC = RuleSpec("PC901", "config-error", E, True, "project",
                "poolcheck's own configuration is invalid",
                "Fix the key or code named in the message")
PRODUCED_BY = "the config loader"
