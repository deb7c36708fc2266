"""From findings to the report: disabled codes, per-file ignores and inline suppressions
(each by the configuration of the file the finding sits in), unused suppressions
(PC902), one finding per cause, sorting and de-duplication; and the partial-run filter."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import pathspec

from ..config import Configurations, Settings
from ..core.diagnostics import Diagnostic, Span
from ..rules import BY_CODE, implemented_codes, one_finding_per_cause
from .files import FileResult


class _PerFileIgnores:
    def __init__(self, settings: Settings):
        self.root = settings.anchor("per_file_ignores").resolve()
        self.entries = [
            (pathspec.GitIgnoreSpec.from_lines([pattern]), {c.upper() for c in codes})
            for pattern, codes in settings.per_file_ignores.items()
        ]

    def ignored(self, path: Path, code: str) -> bool:
        if not self.entries:
            return False
        try:
            rel = path.resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError):
            rel = path.as_posix()
        for spec, codes in self.entries:
            if spec.match_file(rel) and any(code.startswith(c) for c in codes):
                return True
        return False


def touches_given(d: Diagnostic, given: set[str]) -> bool:
    """A finding belongs to a partial run when it sits in one of the given files, or when
    one of its related locations does (a staged docker-compose.yml that lowers
    max_connections causes the PC403 in the unstaged pgbouncer.ini)."""
    return os.path.abspath(d.path) in given or any(os.path.abspath(r.path) in given for r in d.related)


def filter_diagnostics(diagnostics: Iterable[Diagnostic], results: Iterable[FileResult],
                       settings: "Settings | Configurations", enabled: set[str] | None = None,
                       context: Iterable[FileResult] = ()) -> list[Diagnostic]:
    """Drop disabled codes, per-file ignores and inline suppressions, each by the
    configuration of the file the finding sits in; one finding per cause
    (rules.one_finding_per_cause); sort; de-duplicate. `enabled`
    (with one Settings) overrides the codes that settings enable."""
    configs = Configurations.of(settings)
    implemented = implemented_codes()
    results = list(results)
    # context files (read for a partial run) suppress their own findings too, but are not
    # checked for unused suppressions
    by_path = {r.found.path: r.suppressions for r in context}
    by_path.update({r.found.path: r.suppressions for r in results})
    memo: dict[int, tuple[set[str], _PerFileIgnores]] = {}

    def rules_for(path: Path) -> tuple[set[str], _PerFileIgnores]:
        own = configs.for_path(path)
        hit = memo.get(id(own))
        if hit is None:
            codes = enabled if enabled is not None else own.enabled_codes(implemented)
            hit = memo[id(own)] = (codes, _PerFileIgnores(own))
        return hit

    kept: dict[tuple, Diagnostic] = {}
    used: dict[Path, set] = {}
    for d in diagnostics:
        codes, per_file = rules_for(d.path)
        if d.code not in codes:
            continue
        sup = by_path.get(d.path)
        hit = sup.match(d.span.line, d.code) if sup is not None else None
        if hit is not None:
            used.setdefault(d.path, set()).add(hit)
            continue
        if per_file.ignored(d.path, d.code):
            continue
        kept.setdefault((str(d.path), d.span, d.code, d.message), d)
    for d in _unused_suppressions(results, used, rules_for):
        kept.setdefault((str(d.path), d.span, d.code, d.message), d)
    return sorted(one_finding_per_cause(kept.values()), key=Diagnostic.sort_key)


def _unused_suppressions(results: list[FileResult], used: dict[Path, set], rules_for) -> Iterable[Diagnostic]:
    """PC902 (opt-in, like ruff's RUF100): a suppression that names a poolcheck code with
    no finding to suppress. Only files checked in full produce it (a suppressed project
    finding of a file is known only when its project ran, which it always does here)."""
    spec = BY_CODE["PC902"]
    for r in results:
        if not r.suppressions.directives:
            continue
        codes, per_file = rules_for(r.found.path)
        if "PC902" not in codes or per_file.ignored(r.found.path, "PC902"):
            continue
        for directive, idle in r.suppressions.unused(used.get(r.found.path, set())):
            where = ("this file" if directive.target is None
                     else "this line" if directive.target == directive.line
                     else f"line {directive.target}")
            yield Diagnostic(spec.code, spec.name, spec.severity,
                             f"unused suppression: no {', '.join(idle)} finding on {where}",
                             r.found.path, Span(directive.line, directive.col, directive.line,
                                                directive.end_col), fix=spec.fix)
