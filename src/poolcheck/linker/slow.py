"""Whether a call to a package outside the project leaves the process: the known-library
lists of its ecosystem (`vocabulary.slow`, the data PC201 judges direct calls by), never
the callee's name."""

from __future__ import annotations

from functools import lru_cache

from ..vocabulary.slow import AWS_SEND, SLOW_LIBRARIES, SLOW_METHODS, WAIT_WORDS


# ModuleSymbols.ecosystem -> the package ecosystem the vocabulary keys its lists by
PACKAGE_ECOSYSTEM = {"js": "npm", "python": "pypi"}


@lru_cache(maxsize=4096)
def slow_reason(callee: str, ecosystem: str) -> str | None:
    for entry in SLOW_LIBRARIES.get(PACKAGE_ECOSYSTEM.get(ecosystem, ecosystem), ()):
        if callee == entry or callee.startswith(entry + "."):
            waits = any(word in entry for word in WAIT_WORDS)
            return f"`{entry}` waits" if waits else f"`{entry}` leaves the process"
    last = callee.rsplit(".", 1)[-1]
    if last in SLOW_METHODS or callee.endswith(AWS_SEND) and "aws" in callee.lower():
        return f"`{last}` leaves the process"
    return None
