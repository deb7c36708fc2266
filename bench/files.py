"""The files poolcheck would read in a tree, found by poolcheck's own discovery.

The benchmark's baseline and the calibration both need "every file poolcheck would read":
the same walk the CLI does (.gitignore, skipped folders, the tree's own config), not a
plain os.walk, so both sides of a ratio see the same files.
"""

from __future__ import annotations

from pathlib import Path

from poolcheck.config import find_config, load_settings
from poolcheck.engine.discovery import FoundFile
from poolcheck.engine import discover
from poolcheck.rules import implemented_codes

TS_KINDS = frozenset({"typescript", "tsx", "javascript"})
EMBEDDED_KINDS = frozenset({"vue", "svelte", "astro", "markdown"})
PYTHON_KINDS = frozenset({"python"})


def discovered(root: Path) -> list[FoundFile]:
    """Every file `poolcheck root` would consider, with the tree's own config applied."""
    root = root.resolve()
    settings = load_settings(find_config(root), implemented_codes())
    return discover([root], settings)


def split(found: list[FoundFile]) -> tuple[list[str], list[str], list[str]]:
    """(TS/JS files, Python files, Vue/Svelte/Astro/Markdown files) as path strings."""
    ts = [str(f.path) for f in found if f.kind in TS_KINDS]
    py = [str(f.path) for f in found if f.kind in PYTHON_KINDS]
    embedded = [str(f.path) for f in found if f.kind in EMBEDDED_KINDS]
    return ts, py, embedded
