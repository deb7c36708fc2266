"""The command line's fix modes: `--fix`, `--unsafe-fixes`, `--diff`, `--fix-only`.

For every file with a fixable finding, as ruff does: apply the non-overlapping fixes the
mode allows, analyse the new text again (front-end, file rules and the project rules of
its project, with the new text in place of the file: `engine.check_document`), attach
the fixes of what is still found, and repeat until nothing more applies or for at most
`MAX_ROUNDS` rounds. A fix that would leave the file unreadable to its front-end (a new
PC900) is rolled back with its round. `--diff` writes nothing and prints a unified diff,
each line with its credentials masked (`urlmodel.redact_text`): a password never reaches the
terminal even when a fix edits the line that holds it.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..core.diagnostics import Diagnostic
from .apply import apply_fixes
from .registry import FixContext, attach, context_from_disk
from .text import FileText

MAX_ROUNDS = 10


@dataclass
class FileFix:
    path: Path
    original: FileText
    fixed: FileText
    count: int = 0              # findings repaired


@dataclass
class Outcome:
    files: list[FileFix] = field(default_factory=list)
    rounds_exhausted: list[Path] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return sum(f.count for f in self.files)


def _kind(path: Path) -> str:
    from ..engine.discovery import classify_named

    return classify_named(path) or ""


def with_fixes(diagnostics: Iterable[Diagnostic], configs, cwd: Path) -> list[Diagnostic]:
    """The findings with their fixes attached, each file read once from disk."""
    def context_for(path: Path) -> FixContext | None:
        full = path if path.is_absolute() else cwd / path
        return context_from_disk(full, _kind(full), configs.for_file(full))

    return attach(diagnostics, context_for)


def _reanalyse(full: Path, ft: FileText, configs, cache_dir) -> list[Diagnostic]:
    from ..engine import check_document

    found = check_document(full, ft.text, configs, cache_dir=cache_dir, named=True)
    ctx = FixContext(full, _kind(full), ft, configs.for_file(full))
    return attach(found, lambda _p: ctx)


def _parse_failures(diagnostics: Iterable[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.code == "PC900" and d.severity.value == "E")


def fix_file(full: Path, diagnostics: list[Diagnostic], configs, unsafe: bool,
             cache_dir=None, original: FileText | None = None) -> FileFix | None:
    """Fix one file in memory (`diagnostics` are its findings, fixes attached; `original`
    the text they were found in, else the file on disk)."""
    if original is None:
        try:
            original = FileText.decode(full.read_bytes())
        except (OSError, UnicodeDecodeError):
            return None
    current, count = original, 0
    remaining = diagnostics
    failures = _parse_failures(remaining)
    for _ in range(MAX_ROUNDS):
        fixes = [d.autofix for d in remaining if d.autofix is not None and d.autofix.allowed(unsafe)]
        if not fixes:
            break
        result = apply_fixes(current, fixes)
        if not result.applied or result.text.text == current.text:
            break
        after = _reanalyse(full, result.text, configs, cache_dir)
        if _parse_failures(after) > failures:
            break  # the new text no longer parses: keep the last good one
        applied = {id(f) for f in result.applied}
        count += sum(1 for d in remaining if d.autofix is not None and id(d.autofix) in applied)
        current, remaining = result.text, after
    if current.text == original.text:
        return None
    return FileFix(full, original, current, count)


def fix_all(diagnostics: list[Diagnostic], configs, cwd: Path, unsafe: bool, cache_dir=None) -> Outcome:
    by_path: dict[Path, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    outcome = Outcome()
    for path, found in sorted(by_path.items()):
        if not any(d.autofix is not None and d.autofix.allowed(unsafe) for d in found):
            continue
        full = path if path.is_absolute() else cwd / path
        done = fix_file(full, found, configs, unsafe, cache_dir)
        if done is not None:
            done.path = path
            outcome.files.append(done)
    return outcome


def write(outcome: Outcome, cwd: Path) -> list[str]:
    """Write each fixed file in place (same bytes but for the edits); the errors met."""
    problems = []
    for f in outcome.files:
        full = f.path if f.path.is_absolute() else cwd / f.path
        try:
            with open(full, "r+b") as handle:  # in place: mode, owner and links stay
                handle.write(f.fixed.encode())
                handle.truncate()
        except OSError as exc:
            problems.append(f"cannot write {f.path}: {exc.strerror or exc}")
    return problems


def unified_diff(f: FileFix) -> str:
    """The change as a unified diff, credentials masked on every line."""
    from ..urlmodel import redact_text

    name = f.path.as_posix()
    out = []
    for line in difflib.unified_diff(f.original.lines(), f.fixed.lines(), f"a/{name}", f"b/{name}"):
        body = line.rstrip("\r\n")
        out.append(redact_text(body) + "\n")
        if body == line and not line.startswith(("---", "+++", "@@")):
            out.append("\\ No newline at end of file\n")
    return "".join(out)


def summary(outcome_fixed: int, remaining: list[Diagnostic], unsafe: bool, diff: bool,
            fix_only: bool) -> str:
    """ruff's summary lines: `Found 3 findings (2 fixed, 1 remaining).` and what more
    `--fix` or `--unsafe-fixes` would do."""
    def n(count: int, word: str = "finding") -> str:
        return f"{count} {word}{'s' if count != 1 else ''}"

    if diff:
        return f"poolcheck: would fix {n(outcome_fixed)}" if outcome_fixed else "poolcheck: no fixes available"
    if fix_only:
        return f"poolcheck: fixed {n(outcome_fixed)}" if outcome_fixed else "poolcheck: no fixes applied"
    total = outcome_fixed + len(remaining)
    if not total:
        return "poolcheck: no findings"
    line = f"poolcheck: found {n(total)} ({outcome_fixed} fixed, {len(remaining)} remaining)"
    hidden = sum(1 for d in remaining if d.autofix is not None and not d.autofix.allowed(unsafe))
    if hidden:
        line += f"; {hidden} more fix{'es' if hidden != 1 else ''} available with --unsafe-fixes"
    return line
