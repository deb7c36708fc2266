"""Position helpers shared by the reporters and the language server.

poolcheck counts columns in Unicode code points (1-based, end exclusive). LSP counts
UTF-16 code units by default (0-based); SARIF can be told to count code points.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..core import safeio
from ..core.sources import split_lines

@lru_cache(maxsize=64)
def _lines(path: str) -> tuple[str, ...]:
    try:
        text = safeio.read_bytes(Path(path)).decode("utf-8", errors="replace")
    except OSError:
        return ()
    if text.startswith("\ufeff"):
        text = text[1:]
    return tuple(split_lines(text))


def file_line(path: Path, line: int) -> str | None:
    """Line `line` (1-based) of a file on disk, or None when it cannot be read."""
    lines = _lines(str(path))
    return lines[line - 1] if 0 < line <= len(lines) else None


def file_lines(path: Path) -> tuple[str, ...]:
    """Every line of a file on disk (empty when it cannot be read)."""
    return _lines(str(path))


def clear_cache() -> None:
    _lines.cache_clear()
