"""The engine: discover -> read -> front-end -> facts -> rules -> filter -> sort.

Callers import from here: `run` (a CLI or pre-commit run), `check_document` (an editor
buffer or stdin), `analyse_source` (one file's bytes: the flake8 plugin), `discover`.
The modules: `discovery` (the walk, classification, exclusion), `files` (one file, its
budget and its PC900s), `parallel` (a tree of files, cache hits, worker processes),
`cache` (the result cache and what may go in it), `pipeline` (project rules, partial
runs), `filtering` (suppressions, ignores, de-duplication), `document` (the editor
path), `errors` (internal errors).
"""

from __future__ import annotations

from .discovery import FoundFile, classify, classify_named, discover
from .document import DocumentSession, check_document
from .errors import InternalError
from .files import FileResult, analyse_source
from .filtering import filter_diagnostics
from .parallel import PARALLEL_THRESHOLD, analyse_all
from .pipeline import RunResult, run

__all__ = ["PARALLEL_THRESHOLD", "DocumentSession", "FileResult", "FoundFile", "InternalError", "RunResult", "analyse_all",
           "analyse_source", "check_document", "classify", "classify_named", "discover", "filter_diagnostics",
           "run"]
