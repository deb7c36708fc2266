"""The engine: discover -> read -> front-end -> facts -> rules -> filter -> sort.

Callers import from here: `run` (a CLI or pre-commit run), `check_document` (an editor
buffer or stdin), `analyse_source` (one file's bytes: the flake8 plugin), `discover`.
The modules: `discovery` (the walk, classification, exclusion), `files` (one file, its
budget and its PC900s), `parallel` (a tree of files, cache hits, worker processes),
`cache` (the result cache and what may go in it), `pipeline` (project rules, partial
runs), `filtering` (suppressions, ignores, de-duplication), `document` (the editor
path), `errors` (internal errors), `replay` (an unchanged run printed again).

The names below are imported on first use (PEP 562), so that `engine.replay`, which the
CLI calls before anything else, does not load the pipeline with it.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "FoundFile": "discovery", "classify": "discovery", "classify_named": "discovery", "discover": "discovery",
    "DocumentSession": "document", "check_document": "document", "InternalError": "errors",
    "FileResult": "files", "analyse_source": "files", "filter_diagnostics": "filtering",
    "PARALLEL_THRESHOLD": "parallel", "analyse_all": "parallel", "RunResult": "pipeline", "run": "pipeline",
}


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value

__all__ = ["PARALLEL_THRESHOLD", "DocumentSession", "FileResult", "FoundFile", "InternalError", "RunResult", "analyse_all",
           "analyse_source", "check_document", "classify", "classify_named", "discover", "filter_diagnostics",
           "run"]
