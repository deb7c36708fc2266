"""run_file_rules skips a file whose facts are all traits (engine/files.py). That holds
only while no file rule reports on traits alone: every file rule is run here on such
files, for every language and role, so a rule that starts reading traits (or reports
without a fact) fails this test instead of being silently skipped by the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from poolcheck.config import Settings
from poolcheck.core.diagnostics import Span
from poolcheck.engine.files import run_file_rules
from poolcheck.facts import FileFacts, Trait
from poolcheck.rules import FileRuleContext, implemented_codes, load

FILE_RULES = sorted(code for code, rule in load().items() if rule.spec.scope == "file")
# Every trait a front-end adds (facts.Trait), with and without a span.
TRAITS = (
    Trait("import", None, "@prisma/client"), Trait("import", None, "./db"),
    Trait("test-harness", None, "@testcontainers/postgresql"),
    Trait("cloudflare-worker", Span(1, 1, 1, 5), "cloudflare:workers import"),
    Trait("use-server", Span(1, 1, 1, 13), "file"), Trait("use-server", Span(3, 1, 3, 13), "function"),
)
PATHS = ("src/app/api/users/route.ts", "src/lib/db.ts", "scripts/seed.ts", "tests/db.test.ts",
         "app/main.py", "prisma/schema.prisma", ".env", "src/worker.js")
LANGUAGES = ("typescript", "javascript", "python", "prisma", "dotenv")


def _facts(path: str, language: str, traits) -> FileFacts:
    facts = FileFacts(path=Path(path), language=language)
    for t in traits:
        facts.add(t)
    return facts


def test_there_are_file_rules_to_check():
    assert len(FILE_RULES) >= 15 and "PC101" in FILE_RULES and "PC201" in FILE_RULES


@pytest.mark.parametrize("code", FILE_RULES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_file_rule_reports_on_traits_alone(code, language):
    rule = load()[code]
    for path in PATHS:
        for traits in ((), TRAITS[:1], TRAITS):
            ctx = FileRuleContext(spec=rule.spec, settings=Settings(), facts=_facts(path, language, traits))
            assert list(rule.check(ctx)) == [], (code, path, traits)


def test_a_file_with_a_fact_beside_its_traits_still_runs_the_rules():
    """The skip is for traits-only files: one more fact and the rules run (PC311 here; the
    import traits only: a test-harness trait makes the file a test, where PC311 is off)."""
    from poolcheck.facts import UrlConcatenation

    facts = _facts("src/lib/db.ts", "typescript", TRAITS[:2])
    span = Span(2, 1, 2, 40)
    facts.add(UrlConcatenation(span=span, operator="+", env_var="DATABASE_URL", appended="?connection_limit=1"))
    diagnostics, errors = [], []
    run_file_rules(facts, Settings(), implemented_codes(), diagnostics, errors)
    assert errors == [] and [d.code for d in diagnostics] == ["PC311"]
