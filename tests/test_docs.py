"""The documentation: one page per rule in a fixed shape, --explain prints it, links resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from poolcheck.config import OPTIONS, SELECTION_KEYS, PATH_KEYS
from poolcheck.rules import BY_CODE, SPECS

from conftest import run_cli

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
RULES = DOCS / "rules"
SECTIONS = ["What it does", "Why it hurts", "Example", "Use instead", "Options", "Related"]
CODE = re.compile(r"\bPC\d{3}\b")


def test_every_rule_has_a_page_and_every_page_a_rule():
    pages = {p.stem for p in RULES.glob("*.md")}
    assert sorted(set(BY_CODE) - pages) == [], "rules without a page"
    assert sorted(pages - set(BY_CODE)) == [], "pages without a rule in the catalogue"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.code)
def test_rule_page_shape(spec):
    text = (RULES / f"{spec.code}.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == f"# {spec.code} {spec.name}"
    headings = [line[3:] for line in lines if line.startswith("## ")]
    assert headings == SECTIONS
    sections = dict(zip(SECTIONS, re.split(r"^## .*$", text, flags=re.M)[1:]))
    assert "```" in sections["Example"], "the Example needs a fenced bad example"
    assert "```" in sections["Use instead"], "Use instead needs the fix, fenced"
    options = sections["Options"].strip()
    if options != "None.":
        keys = re.findall(r"^- `([a-z-]+)`", options, re.M)
        assert keys, f"Options must be 'None.' or a list of `key`: ...: {options!r}"
        assert set(keys) <= set(OPTIONS), set(keys) - set(OPTIONS)
    related = set(CODE.findall(sections["Related"]))
    assert related, "Related must name other codes"
    assert related <= set(BY_CODE) and spec.code not in related
    # Every code mentioned anywhere on the page exists.
    assert set(CODE.findall(text)) <= set(BY_CODE)


def test_explain_prints_the_page_through_the_installed_cli(tmp_path):
    proc = run_cli("--explain", "PC101", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (RULES / "PC101.md").read_text(encoding="utf-8").rstrip("\n") + "\n"
    proc = run_cli("--explain", "pc203", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("# PC203 long-transaction-timeout\n")


def test_configuration_reference_lists_every_key():
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    for key in [*OPTIONS, *SELECTION_KEYS, *PATH_KEYS, "per-file-ignores"]:
        assert f"| `{key}` |" in text, key
    for key, option in OPTIONS.items():
        assert option.default is None or str(option.default).lower() in text.lower() \
            or repr(option.default) in text, key


@pytest.mark.parametrize("name", ["getting-started", "configuration", "pre-commit", "flake8",
                                  "editors", "ci", "handlers"])
def test_guides_exist(name):
    assert (DOCS / f"{name}.md").read_text(encoding="utf-8").startswith("# ")


def test_guides_cover_what_they_promise():
    editors = (DOCS / "editors.md").read_text(encoding="utf-8")
    assert "vim.lsp.start" in editors and "languages.toml" in editors and "VS Code" in editors
    ci = (DOCS / "ci.md").read_text(encoding="utf-8")
    assert "github/codeql-action/upload-sarif" in ci and "--format sarif" in ci


def test_relative_links_resolve():
    broken = []
    for page in DOCS.rglob("*.md"):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(REPO)} -> {target}")
    assert broken == []
