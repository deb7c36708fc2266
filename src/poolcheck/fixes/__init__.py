"""Fixes: exact edits that repair findings, each declared safe or unsafe (as ruff does).

- `Edit`, `Fix`, `Applicability` (defined in `core.edits`, beside `Diagnostic`);
- `text`: a file's text as fixes read and write it (encoding, byte-order mark, newlines);
- `apply`: applying non-overlapping fixes to one text;
- `registry`: fix builders by rule code (`urls`, `typescript`, `python`) and `attach`,
  which gives a run's findings their fixes;
- `run`: the command line's `--fix`, `--unsafe-fixes`, `--diff`, `--fix-only` loop.
"""

from ..core.edits import Applicability, Edit, Fix

__all__ = ["Applicability", "Edit", "Fix"]
