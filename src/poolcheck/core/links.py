"""Where a rule's documentation lives on the web: one constant, one helper.

SARIF `helpUri`, LSP `codeDescription.href` and the docs all link through `rule_url`,
so moving the docs means changing `DOCS_BASE_URL` only. The same pages ship inside the
wheel and `poolcheck --explain CODE` prints them offline.
"""

from __future__ import annotations

PROJECT_URL = "https://github.com/poolcheck/poolcheck"
DOCS_BASE_URL = f"{PROJECT_URL}/blob/main/docs/rules/"


def rule_url(code: str) -> str:
    """The web address of a rule's page, e.g. `.../docs/rules/PC101.md`."""
    return f"{DOCS_BASE_URL}{code.upper()}.md"
