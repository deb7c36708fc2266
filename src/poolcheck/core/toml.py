"""The TOML reader: the standard library's `tomllib` (3.11+), `tomli` before it.

Imported by the readers that need it when they read a TOML file (the config loader,
deployment files, `pyproject.toml` package roots), not at start-up: 3 ms a run that
reads none.
"""

import sys


def toml():
    """The `tomllib` module (or `tomli`, its 3.10 backport: the same API)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    return tomllib
