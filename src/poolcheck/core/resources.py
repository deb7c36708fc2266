"""Locate files that live at the repository top level but ship inside the wheel.

`grammars/` and `docs/rules/` are kept once, at the top of the repository; the wheel
force-includes them under `poolcheck/_data/`. An editable install or a source checkout
has no `_data`, so we fall back to the repository layout.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # poolcheck/, above core/
_REPO_ROOT = _PACKAGE_DIR.parent.parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """Return the folder `name` ("grammars" or "rules") from the wheel or the checkout."""
    shipped = _PACKAGE_DIR / "_data" / name
    if shipped.is_dir():
        return shipped
    checkout = _REPO_ROOT / ("docs/rules" if name == "rules" else name)
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"poolcheck data folder {name!r} is missing from this installation")


def grammar_path(filename: str) -> Path:
    """Path of a Lark grammar such as `prisma.lark`."""
    return data_dir("grammars") / filename


def rule_doc_path(code: str) -> Path:
    """Path of the documentation page for a rule code, e.g. `PC101.md`."""
    return data_dir("rules") / f"{code}.md"


def default_cache_dir() -> Path:
    """poolcheck's cache folder: `$POOLCHECK_CACHE_DIR`, else the user cache folder."""
    env = os.environ.get("POOLCHECK_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("poolcheck", appauthor=False))
