"""Position helpers shared by the reporters and the language server.

poolcheck counts columns in Unicode code points (1-based, end exclusive). LSP counts
UTF-16 code units by default (0-based); SARIF can be told to count code points.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..sources import split_lines

# `scheme://user:password@` -> `scheme://user:***@`. Minimal on purpose; a shared
# URL-redaction helper can replace this.
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@'\"`]*:)[^\s@/'\"`]+@")


def mask_url_passwords(text: str) -> str:
    """Hide the password of every `scheme://user:password@host` in a line of source."""
    from ..urls import redact_text

    # redact_text also masks password=/pwd=/api_key=/token= values (SQL Server URLs,
    # Accelerate keys, query strings built in code).
    return redact_text(_URL_PASSWORD.sub(lambda m: f"{m['head']}***@", text))


@lru_cache(maxsize=64)
def _lines(path: str) -> tuple[str, ...]:
    try:
        text = Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ()
    if text.startswith("\ufeff"):
        text = text[1:]
    return tuple(split_lines(text))


def file_line(path: Path, line: int) -> str | None:
    """Line `line` (1-based) of a file on disk, or None when it cannot be read."""
    lines = _lines(str(path))
    return lines[line - 1] if 0 < line <= len(lines) else None


def clear_cache() -> None:
    _lines.cache_clear()
