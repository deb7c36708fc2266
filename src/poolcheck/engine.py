"""The pipeline: discover -> read -> front-end -> facts -> rules -> filter -> sort.

Each file is read and parsed once; every file rule shares its facts. Project rules then
see all files' facts. A crash inside one rule on one file is recorded as an internal
error (exit 2) and the other rules and files still run.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from . import frontends, suppression
from .config import Settings
from .diagnostics import Diagnostic, Severity, Span
from .discovery import Excluder, FoundFile, walk
from .facts import FileFacts, ParseProblem
from .project import ProjectContext
from .rules import BY_CODE, FileRuleContext, ProjectRuleContext, implemented_codes, load
from .sources import Source, UnreadableSource

import pathspec


@dataclass(frozen=True)
class InternalError:
    """A bug in poolcheck: a rule or front-end raised on some input."""

    path: Path | None
    where: str          # rule code or "front-end"
    error: str

    def describe(self) -> str:
        place = f" on {self.path}" if self.path else ""
        return (f"internal error in {self.where}{place}: {self.error} "
                f"(please report this at the poolcheck issue tracker with the file that triggers it)")


@dataclass
class FileResult:
    found: FoundFile
    facts: FileFacts | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    suppressions: suppression.Suppressions = field(default_factory=suppression.Suppressions)
    errors: list[InternalError] = field(default_factory=list)


@dataclass
class RunResult:
    diagnostics: list[Diagnostic]
    files_checked: int
    errors: list[InternalError]


def _pc900(path: Path, span: Span, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    spec = BY_CODE["PC900"]
    return Diagnostic(spec.code, spec.name, severity, message, path, span, fix=spec.fix)


def analyse_file(found: FoundFile, settings: Settings, enabled: set[str]) -> FileResult:
    """Read, parse and run the file rules on one file."""
    result = FileResult(found=found, facts=None)
    path = found.path
    if frontends.FRONTEND_MODULES.get(found.kind) is None:
        # Project files (package.json, deployment manifests) are read by project discovery.
        result.facts = frontends.empty_facts(path, found.kind)
        return result
    max_size = settings.option("max-file-size")
    try:
        size = path.stat().st_size
    except OSError as exc:
        result.diagnostics.append(_pc900(path, Span(1, 1, 1, 2), f"cannot read file: {exc.strerror or exc}"))
        return result
    if max_size and size > max_size:
        result.diagnostics.append(_pc900(
            path, Span(1, 1, 1, 2),
            f"file is {size:,} bytes, over max-file-size ({max_size:,}); not analysed",
            Severity.INFO))
        return result
    try:
        source = Source.read(path, found.kind)
    except UnreadableSource as exc:
        result.diagnostics.append(_pc900(path, exc.span, str(exc)))
        return result
    result.suppressions = suppression.parse(source.text, found.kind)
    try:
        facts = frontends.analyse(source, settings)
    except RecursionError:
        result.diagnostics.append(_pc900(path, Span(1, 1, 1, 2), "nesting too deep to analyse"))
        return result
    except Exception as exc:  # a front-end bug must not stop the run
        result.errors.append(InternalError(path, f"the {found.kind} front-end", _describe(exc)))
        return result
    if facts is None:
        return result
    result.facts = facts
    for problem in facts.of(ParseProblem):
        result.diagnostics.append(_pc900(path, problem.span, problem.message))
    for code, rule in sorted(load().items()):
        if code not in enabled or rule.spec.scope != "file":
            continue
        ctx = FileRuleContext(spec=rule.spec, settings=settings, facts=facts)
        try:
            result.diagnostics.extend(rule.check(ctx))
        except Exception as exc:
            result.errors.append(InternalError(path, code, _describe(exc)))
    return result


def _describe(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" ({Path(frame.filename).name}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


class _PerFileIgnores:
    def __init__(self, settings: Settings):
        self.root = settings.root.resolve()
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


def discover(paths: Sequence[Path], settings: Settings) -> list[FoundFile]:
    excluder = Excluder(settings.root, [*settings.exclude, *settings.extend_exclude])
    return list(walk(paths, excluder,
                     respect_gitignore=settings.option("respect-gitignore"),
                     include_markdown=settings.option("include-markdown")))


def run(paths: Sequence[Path], settings: Settings) -> RunResult:
    """Analyse `paths` with `settings` and return sorted, filtered diagnostics."""
    implemented = implemented_codes()
    enabled = settings.enabled_codes(implemented)
    found = discover(paths, settings)
    results = [analyse_file(f, settings, enabled) for f in found]
    diagnostics: list[Diagnostic] = list(settings.problems)
    errors: list[InternalError] = []
    for r in results:
        diagnostics.extend(r.diagnostics)
        errors.extend(r.errors)

    project_rules = [rule for code, rule in sorted(load().items())
                     if code in enabled and rule.spec.scope == "project"]
    if project_rules:
        root = settings.root
        project = ProjectContext(root=root, settings=settings,
                                 files=[r.facts for r in results if r.facts is not None])
        for rule in project_rules:
            ctx = ProjectRuleContext(spec=rule.spec, settings=settings, project=project)
            try:
                diagnostics.extend(rule.check(ctx))
            except Exception as exc:
                errors.append(InternalError(None, rule.code, _describe(exc)))

    return RunResult(filter_diagnostics(diagnostics, results, settings, enabled), len(found), errors)


def filter_diagnostics(diagnostics: Iterable[Diagnostic], results: Iterable[FileResult],
                       settings: Settings, enabled: set[str]) -> list[Diagnostic]:
    """Drop disabled codes, per-file ignores and inline suppressions; sort; de-duplicate."""
    by_path = {r.found.path: r.suppressions for r in results}
    per_file = _PerFileIgnores(settings)
    kept: dict[tuple, Diagnostic] = {}
    for d in diagnostics:
        if d.code not in enabled:
            continue
        sup = by_path.get(d.path)
        if sup is not None and sup.suppresses(d.span.line, d.code):
            continue
        if per_file.ignored(d.path, d.code):
            continue
        kept.setdefault((str(d.path), d.span, d.code, d.message), d)
    return sorted(kept.values(), key=Diagnostic.sort_key)
