"""Whether a call to a package outside the project leaves the process: the known-library
lists of its ecosystem (`vocabulary.slow`, the data PC201 judges direct calls by), never
the callee's name."""

from __future__ import annotations

from functools import lru_cache

from ..vocabulary.slow import SLOW_LIBRARIES, known_slow


# ModuleSymbols.ecosystem -> the package ecosystem the vocabulary keys its lists by
PACKAGE_ECOSYSTEM = {"js": "npm", "python": "pypi"}


@lru_cache(maxsize=4096)
def slow_reason(callee: str, ecosystem: str) -> str | None:
    return known_slow(callee, SLOW_LIBRARIES.get(PACKAGE_ECOSYSTEM.get(ecosystem, ecosystem), ()))
