"""Each rule page says which automatic fix exists and how safe it is, as the builders declare."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from poolcheck.fixes.registry import safety
from poolcheck.rules import SPECS

RULES = Path(__file__).resolve().parent.parent / "docs" / "rules"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.code)
def test_rule_page_states_its_fix_and_safety(spec):
    text = (RULES / f"{spec.code}.md").read_text(encoding="utf-8")
    match = re.search(r"^### Automatic fix\n(.*?)(?=^#)", text, re.M | re.S)
    declared = safety().get(spec.code)
    if declared is None:
        assert match is None, f"{spec.code} documents a fix it does not have"
        return
    assert match, f"{spec.code} has a fix: its page needs '### Automatic fix' under 'Use instead'"
    body = match.group(1)
    use_instead = text.split("## Use instead", 1)[1].split("## Options", 1)[0]
    assert "### Automatic fix" in use_instead
    said = {word.lower() for word in re.findall(r"^(Safe|Unsafe)\b", body, re.M)}
    assert said == set(declared), (spec.code, said, declared)
