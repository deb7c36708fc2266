"""The pipeline: discover -> read -> front-end -> facts -> rules -> filter -> sort.

Each file is read and parsed once; every file rule shares its facts. Project rules then
see all files' facts. A crash inside one rule on one file is recorded as an internal
error (exit 2) and the other rules and files still run.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from . import frontends, suppression
from .config import Settings
from .diagnostics import Diagnostic, Severity, Span
from .discovery import Excluder, FoundFile, path_role, walk
from .facts import FileFacts, ParseProblem
from .rules import (BY_CODE, FileRuleContext, ProjectRuleContext, applies, file_role, implemented_codes, load,
                    one_finding_per_cause)
from .sources import Source, UnreadableSource

import pathspec

if TYPE_CHECKING:
    from .cache import ResultCache


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


def _read(found: FoundFile, settings: Settings) -> tuple[FileResult, bytes | None, os.stat_result | None]:
    """Stat and read one file; a result with a PC900 when it cannot or should not be read."""
    result = FileResult(found=found, facts=None)
    path = found.path
    try:
        st = path.stat()
    except OSError as exc:
        result.diagnostics.append(_pc900(path, Span(1, 1, 1, 2), f"cannot read file: {exc.strerror or exc}"))
        return result, None, None
    max_size = settings.option("max-file-size")
    if max_size and st.st_size > max_size:
        result.diagnostics.append(_pc900(
            path, Span(1, 1, 1, 2),
            f"file is {st.st_size:,} bytes, over max-file-size ({max_size:,}); not analysed",
            Severity.INFO))
        return result, None, st
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.diagnostics.append(_pc900(path, Span(1, 1, 1, 2), f"cannot read file: {exc.strerror or exc}"))
        return result, None, st
    return result, data, st


def analyse_source(found: FoundFile, data: bytes, settings: Settings, enabled: set[str]) -> FileResult:
    """Decode, parse and run the file rules on one file's bytes."""
    result = FileResult(found=found, facts=None)
    path = found.path
    try:
        source = Source.from_bytes(path, found.kind, data)
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
        result.diagnostics.append(_pc900(path, source.clamp(problem.span), problem.message))
    role = file_role(facts)
    for code, rule in sorted(load().items()):
        if code not in enabled or rule.spec.scope != "file" or not applies(rule.spec, role):
            continue
        ctx = FileRuleContext(spec=rule.spec, settings=settings, facts=facts)
        try:
            result.diagnostics.extend(rule.check(ctx))
        except Exception as exc:
            result.errors.append(InternalError(path, code, _describe(exc)))
    return result


def analyse_file(found: FoundFile, settings: Settings, enabled: set[str]) -> FileResult:
    """Read, parse and run the file rules on one file (no cache, this process)."""
    if frontends.FRONTEND_MODULES.get(found.kind) is None:
        # Project files (package.json, deployment manifests) are read by project discovery.
        return FileResult(found=found, facts=frontends.empty_facts(found.path, found.kind))
    result, data, _ = _read(found, settings)
    if data is None:
        return result
    return analyse_source(found, data, settings, enabled)


# Worker-process state, set once per worker by the pool initializer.
_WORKER: dict = {}


def _worker_init(settings: Settings, enabled: set[str]) -> None:
    _WORKER["settings"], _WORKER["enabled"] = settings, enabled


def _worker_analyse(task: tuple[FoundFile, bytes]) -> FileResult:
    found, data = task
    return analyse_source(found, data, _WORKER["settings"], _WORKER["enabled"])


# Below this many files to parse, worker start-up costs more than it saves.
PARALLEL_THRESHOLD = 48


def analyse_all(found: Sequence[FoundFile], settings: Settings, enabled: set[str],
                jobs: int = 1, cache: "ResultCache | None" = None) -> list[FileResult]:
    """Analyse every file: cache hits and prefiltered files here, the rest in `jobs` processes.

    The result list is in the order of `found` whatever `jobs` is, so output is identical.
    """
    from .cache import content_hash
    from .envresolve import project_inputs

    results: list[FileResult | None] = [None] * len(found)
    todo: list[tuple[int, bytes, object, str, tuple]] = []
    memo: dict = {}
    for i, f in enumerate(found):
        if frontends.FRONTEND_MODULES.get(f.kind) is None:
            results[i] = FileResult(found=f, facts=frontends.empty_facts(f.path, f.kind))
            continue
        inputs = project_inputs(f.path.parent, memo) if cache is not None else ()
        if cache is not None:
            entry = cache.lookup(f.path, f.size, f.mtime_ns, inputs)
            if entry is not None:
                results[i] = _restore(f, entry.result)
                continue
        result, data, st = _read(f, settings)
        if data is None:
            results[i] = result
            continue
        digest = content_hash(data) if cache is not None else ""
        if cache is not None:
            entry = cache.lookup_content(f.path, st, digest, inputs)
            if entry is not None:
                results[i] = _restore(f, entry.result)
                continue
        if not frontends.passes_prefilter(f.kind, data):
            results[i] = FileResult(found=f, facts=frontends.empty_facts(f.path, f.kind),
                                    suppressions=suppression.Suppressions())
            if cache is not None:
                cache.store(f.path, st, digest, _payload(results[i]), inputs)
            continue
        todo.append((i, data, st, digest, inputs))

    if jobs > 1 and len(todo) >= PARALLEL_THRESHOLD:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                 initializer=_worker_init, initargs=(settings, enabled)) as pool:
            tasks = [(found[i], data) for i, data, _, _, _ in todo]
            chunk = max(1, len(tasks) // (jobs * 8))
            computed = list(pool.map(_worker_analyse, tasks, chunksize=chunk))
    else:
        computed = [analyse_source(found[i], data, settings, enabled) for i, data, _, _, _ in todo]

    for (i, _, st, digest, inputs), result in zip(todo, computed):
        results[i] = result
        if cache is not None and not result.errors:
            cache.store(found[i].path, st, digest, _payload(result), inputs)
    return results  # type: ignore[return-value]


def _payload(result: FileResult):
    # Most files have no facts and no findings; store those as None so a warm run over
    # a large tree unpickles almost nothing.
    facts = result.facts
    if (facts is not None and not facts.facts and not facts.models and not result.diagnostics
            and not result.suppressions.by_line and not result.suppressions.file_wide):
        return None
    return (result.facts, result.diagnostics, result.suppressions)


def _restore(found: FoundFile, payload) -> FileResult:
    if payload is None:
        return FileResult(found=found, facts=frontends.empty_facts(found.path, found.kind))
    facts, diagnostics, suppressions = payload
    return FileResult(found=found, facts=facts, diagnostics=list(diagnostics), suppressions=suppressions)


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


def run(paths: Sequence[Path], settings: Settings, jobs: int = 1,
        cache_dir: Path | None = None) -> RunResult:
    """Analyse `paths` with `settings` and return sorted, filtered diagnostics.

    `jobs` > 1 parses large trees in that many processes; `cache_dir` enables the result
    cache (None: no cache).
    """
    implemented = implemented_codes()
    enabled = settings.enabled_codes(implemented)
    found = discover(paths, settings)
    cache = None
    if cache_dir is not None:
        from .cache import ResultCache

        cache = ResultCache(cache_dir, f"{settings.fingerprint()}|{sorted(enabled)}|{Path.cwd()}",
                            settings.root)
    results = analyse_all(found, settings, enabled, jobs=jobs, cache=cache)
    diagnostics: list[Diagnostic] = list(settings.problems)
    errors: list[InternalError] = []
    for r in results:
        diagnostics.extend(r.diagnostics)
        errors.extend(r.errors)

    project_rules = [rule for code, rule in sorted(load().items())
                     if code in enabled and rule.spec.scope == "project"]
    if project_rules:
        diagnostics.extend(_project_diagnostics(paths, found, results, settings, enabled,
                                                project_rules, errors, jobs, cache))
    if cache is not None:
        cache.save()

    return RunResult(filter_diagnostics(diagnostics, results, settings, enabled), len(found), errors)


def _project_diagnostics(paths, found, results, settings, enabled, project_rules, errors,
                         jobs, cache) -> list[Diagnostic]:
    """Run the project rules once per project root.

    When the paths given do not cover a whole project (pre-commit and editors pass single
    files), the rest of that project is read for context, and only findings located in
    the files given are kept.
    """
    from .project import RootFinder, build_contexts, roots_to_load

    finder = RootFinder(settings.root, paths)
    given = {os.path.abspath(f.path) for f in found}
    context_results = list(results)
    extra_roots = roots_to_load(paths, [f.path for f in found], finder)
    if extra_roots:
        cwd = Path.cwd()
        walk_from = []
        for root in extra_roots:
            try:
                walk_from.append(root.relative_to(cwd))
            except ValueError:
                walk_from.append(root)
        extra = [f for f in discover(walk_from, settings) if os.path.abspath(f.path) not in given]
        context_results += analyse_all(extra, settings, enabled, jobs=jobs, cache=cache)
    out: list[Diagnostic] = []
    contexts = build_contexts((r.facts for r in context_results if r.facts is not None), settings, finder)
    for project in contexts:
        if not any(os.path.abspath(f.path) in given for f in project.files):
            continue
        out.extend(_run_project_rules(project, settings, project_rules, errors))
    if extra_roots:
        out = [d for d in out if os.path.abspath(d.path) in given]
    return out


def _run_project_rules(project, settings: Settings, project_rules, errors: list,
                       path: Path | None = None) -> list[Diagnostic]:
    """Every project rule over one context; a rule that raises becomes an internal error
    (reported with `path` when there is one) and the other rules still run."""
    out: list[Diagnostic] = []
    roles = {f.path: file_role(f) for f in project.files}
    for rule in project_rules:
        ctx = ProjectRuleContext(spec=rule.spec, settings=settings, project=project)
        try:
            out.extend(d for d in rule.check(ctx)
                       if applies(rule.spec, roles[d.path] if d.path in roles else path_role(d.path)))
        except Exception as exc:
            errors.append(InternalError(path, rule.code, _describe(exc)))
    return out


def filter_diagnostics(diagnostics: Iterable[Diagnostic], results: Iterable[FileResult],
                       settings: Settings, enabled: set[str]) -> list[Diagnostic]:
    """Drop disabled codes, per-file ignores and inline suppressions; one finding per
    cause (rules.one_finding_per_cause); sort; de-duplicate."""
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
    return sorted(one_finding_per_cause(kept.values()), key=Diagnostic.sort_key)


def check_document(path: Path, text: str, settings: Settings,
                   cache_dir: Path | None = None) -> list[Diagnostic]:
    """Diagnostics for one file's in-memory text, as the CLI would report them for it.

    For editors (the language server analyses unsaved buffers). `settings` are those found
    from the file's folder (`config.find_config(path)`). Runs the front-end and the file
    rules on the buffer, then the project rules over the file's project, with the buffer's
    facts in place of the file on disk, and keeps what is located in this file. The rest
    of the project is read through the result cache in `cache_dir` (None: no cache), so an
    edit costs little more than re-reading the buffer. A file that poolcheck does not
    read, or that the config excludes, gets no diagnostics. Internal errors are logged and
    the file's other findings still come back.
    """
    import logging

    from .discovery import classify

    found = FoundFile(path, classify(path) or "", explicit=True)
    if not found.kind or (found.kind == "markdown" and not settings.option("include-markdown")):
        return []
    if Excluder(settings.root, [*settings.exclude, *settings.extend_exclude]).excluded(path):
        return []
    enabled = settings.enabled_codes(implemented_codes())
    if frontends.FRONTEND_MODULES.get(found.kind) is None:
        result = FileResult(found=found, facts=frontends.empty_facts(path, found.kind))
    else:
        result = analyse_source(found, text.encode("utf-8"), settings, enabled)
    errors = list(result.errors)
    diagnostics = list(result.diagnostics)
    project_rules = [rule for code, rule in sorted(load().items())
                     if code in enabled and rule.spec.scope == "project"]
    if project_rules and result.facts is not None:
        diagnostics += _document_project_diagnostics(result, settings, enabled, project_rules,
                                                     errors, cache_dir)
    for error in errors:
        logging.getLogger("poolcheck").error(error.describe())
    return filter_diagnostics(diagnostics, [result], settings, enabled)


def _document_project_diagnostics(result: FileResult, settings: Settings, enabled: set[str],
                                  project_rules, errors: list, cache_dir: Path | None) -> list[Diagnostic]:
    """Project rules for the project of an editor buffer, findings located in the buffer only."""
    from .project import RootFinder, build_contexts

    path = result.found.path
    target = os.path.abspath(path)
    finder = RootFinder(settings.root)
    root = finder.root_of(path)
    others = [f for f in discover([root], settings) if os.path.abspath(f.path) != target]
    cache = None
    if cache_dir is not None:
        from .cache import ResultCache

        cache = ResultCache(cache_dir, f"{settings.fingerprint()}|{sorted(enabled)}|{Path.cwd()}",
                            settings.root)
    context_results = [result, *analyse_all(others, settings, enabled, jobs=1, cache=cache)]
    if cache is not None:
        cache.save()
    out: list[Diagnostic] = []
    for project in build_contexts((r.facts for r in context_results if r.facts is not None),
                                  settings, finder):
        if not any(os.path.abspath(f.path) == target for f in project.files):
            continue
        out.extend(d for d in _run_project_rules(project, settings, project_rules, errors, path)
                   if os.path.abspath(d.path) == target)
    return out
