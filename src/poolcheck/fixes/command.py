"""`poolcheck --fix | --unsafe-fixes | --diff | --fix-only`: what the command line does.

- `--fix`: apply the safe fixes in place, then report what remains (a second run over
  the same paths) with `found N findings (M fixed, K remaining)`; the exit status is the
  remaining findings' (as ruff's).
- `--unsafe-fixes`: with `--fix`, `--diff` or `--fix-only`, unsafe fixes too; alone, it
  only makes the report say which findings have one.
- `--fix-only`: apply the fixes and report nothing else; exit 0 unless poolcheck failed.
- `--diff`: write nothing; print a unified diff of what the fixes would change (lines
  with credentials masked) and exit 1 when there is something to fix, 0 otherwise.
Standard input (`-`): `--fix` and `--fix-only` print the fixed text on stdout, `--diff`
the diff.

Every check imports this module for its flags; the fix machinery (run.py: difflib, the fix
registry and its logging) is imported by the functions that apply fixes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from ..cli_info import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
# The formats that carry each finding's fix (machine-applicable edits), as ruff's do.
FIX_FORMATS = frozenset({"json", "json-lines", "sarif", "lsp"})


def add_arguments(p) -> None:
    p.add_argument("--fix", action="store_true",
                   help="apply the safe fixes in place, then report what remains")
    p.add_argument("--unsafe-fixes", action="store_true",
                   help="with --fix, --diff or --fix-only, apply the unsafe fixes too "
                        "(they may change behaviour: see each rule's page)")
    p.add_argument("--fix-only", action="store_true",
                   help="apply the fixes and report nothing else (implies --fix)")
    p.add_argument("--diff", action="store_true",
                   help="write nothing; print a unified diff of what the fixes would change, "
                        "exit 1 when there is something to fix")


def wanted(args) -> bool:
    return bool(args.fix or args.fix_only or args.diff)


def run_fix_mode(args, out, diagnostics: list, configs, cwd: Path, cache_dir,
                 rerun: Callable[[], tuple[list, object]],
                 report: Callable[[list, object], int | None], result, stdin_text: str | None,
                 exit_status: Callable[[list, object], int]) -> int:
    """`diagnostics` are the first run's (paths relative to `cwd`); `rerun()` analyses the
    same paths again and gives (diagnostics, result); `report(diagnostics, result)` prints
    them in the chosen format and returns None when stdout went away; `exit_status` is
    the command's status for a run's findings."""
    unsafe = bool(args.unsafe_fixes)
    from .run import fix_all, summary, unified_diff, write

    diagnostics = with_fixes(diagnostics, configs, cwd) if stdin_text is None else diagnostics
    if stdin_text is not None:
        return _stdin(args, out, diagnostics, configs, cwd, cache_dir, unsafe, stdin_text)
    outcome = fix_all(diagnostics, configs, cwd, unsafe, cache_dir)
    if args.diff:
        for f in outcome.files:
            out.write(unified_diff(f))
        out.flush()
        if not args.quiet:
            sys.stderr.write(summary(outcome.fixed, [], unsafe, True, False) + "\n")
        return EXIT_FINDINGS if outcome.files else EXIT_CLEAN
    problems = write(outcome, cwd)
    for problem in problems:
        sys.stderr.write(f"poolcheck: error: {problem}\n")
    if args.fix_only:
        if not args.quiet:
            sys.stderr.write(summary(outcome.fixed, [], unsafe, False, True) + "\n")
        return EXIT_ERROR if problems or result.errors else EXIT_CLEAN
    remaining, result = rerun() if outcome.files else (diagnostics, result)
    remaining = with_fixes(remaining, configs, cwd)
    status = report(remaining, result)
    if status is None:
        return EXIT_CLEAN
    if status == EXIT_ERROR:
        return status
    if not args.quiet:
        sys.stderr.write(summary(outcome.fixed, remaining, unsafe, False, False) + "\n")
    return EXIT_ERROR if problems else exit_status(remaining, result)


def _stdin(args, out, diagnostics, configs, cwd: Path, cache_dir, unsafe: bool, text: str) -> int:
    from .registry import FixContext, attach
    from .run import _kind, fix_file, summary, unified_diff
    from .text import FileText

    name = args.stdin_filename or Path("stdin")
    full = name if name.is_absolute() else cwd / name
    original = FileText(text)
    ctx = FixContext(full, _kind(full), original, configs.for_file(full))
    found = attach(diagnostics, lambda _p: ctx)
    done = fix_file(full, found, configs, unsafe, cache_dir, original=original)
    if args.diff:
        if done is not None:
            done.path = name
            out.write(unified_diff(done))
        return EXIT_FINDINGS if done is not None else EXIT_CLEAN
    out.write(done.fixed.text if done is not None else text)
    out.flush()
    if not args.quiet:
        sys.stderr.write(summary(done.count if done else 0, [], unsafe, False, True) + "\n")
    return EXIT_CLEAN


def with_fixes(diagnostics: list, configs, cwd: Path) -> list:
    """The findings with their fixes attached (the formats in FIX_FORMATS carry them)."""
    from .run import with_fixes as attach_fixes

    return attach_fixes(diagnostics, configs, cwd)


__all__ = ["wanted", "run_fix_mode", "with_fixes"]
