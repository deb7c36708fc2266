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

from . import frontends, safeio, suppression
from .budget import Budget, BudgetExceeded
from .config import Configurations, Settings
from .diagnostics import Diagnostic, Severity, Span
from .discovery import Excluder, FoundFile, path_role, walk
from .facts import FileFacts, ParseProblem
from .linker.session import scan_imports
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
    # Skipped for a reason that may not hold next time (the time budget): never cached.
    transient: bool = False


@dataclass
class RunResult:
    diagnostics: list[Diagnostic]
    files_checked: int
    errors: list[InternalError]
    # Where each file holds a connection URL (absolute path -> spans): `--format full`
    # masks these when it shows source lines.
    secrets: dict[str, tuple[Span, ...]] = field(default_factory=dict)


def secret_spans(results: Iterable[FileResult]) -> dict[str, tuple[Span, ...]]:
    """The spans of every URL the front-ends found, by absolute path."""
    from .facts import UrlConcatenation, UrlLiteral

    out: dict[str, tuple[Span, ...]] = {}
    for r in results:
        if r.facts is None:
            continue
        spans = tuple(f.span for f in r.facts.facts if isinstance(f, (UrlLiteral, UrlConcatenation)))
        if spans:
            out[os.path.abspath(r.found.path)] = spans
    return out


def _pc900(path: Path, span: Span, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    spec = BY_CODE["PC900"]
    return Diagnostic(spec.code, spec.name, severity, message, path, span, fix=spec.fix)


def _refused(found: FoundFile) -> FileResult | None:
    """An info-level PC900 for a file that must not be read (a symlink out of the project,
    /proc, a device: see safeio), else None. Only links and files named on the command
    line can be such files: a plain file found by the walk is never a link."""
    if not (found.link or found.explicit):
        return None
    why = safeio.refusal(found.path)
    if why is None:
        return None
    result = FileResult(found=found, facts=None)
    result.diagnostics.append(_pc900(found.path, Span(1, 1, 1, 2), why, Severity.INFO))
    return result


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


def analyse_source(found: FoundFile, data: bytes, settings: Settings, enabled: set[str],
                   force: bool = False) -> FileResult:
    """Decode, parse and run the file rules on one file's bytes (`force`: past the prefilter)."""
    result = FileResult(found=found, facts=None)
    path = found.path
    try:
        source = Source.from_bytes(path, found.kind, data)
    except UnreadableSource as exc:
        result.diagnostics.append(_pc900(path, exc.span, str(exc)))
        return result
    result.suppressions = suppression.parse(source.text, found.kind, path)
    try:
        with Budget(settings.option("file-time-budget"), settings.option("memory-limit")) as budget:
            return _analyse_within(result, source, settings, enabled, budget, force)
    except BudgetExceeded as exc:
        skipped = FileResult(found=found, facts=None, suppressions=result.suppressions, transient=True)
        skipped.diagnostics.append(_pc900(path, Span(1, 1, 1, 2), exc.message, Severity.INFO))
        return skipped


def _analyse_within(result: FileResult, source: Source, settings: Settings, enabled: set[str],
                    budget: Budget, force: bool = False) -> FileResult:
    path = result.found.path
    try:
        facts = frontends.analyse(source, settings, force)
    except RecursionError:
        result.diagnostics.append(_pc900(path, Span(1, 1, 1, 2), "nesting too deep to analyse"))
        return result
    except Exception as exc:  # a front-end bug must not stop the run
        result.errors.append(InternalError(path, f"the {result.found.kind} front-end", _describe(exc)))
        return result
    budget.check()
    if facts is None:
        return result
    result.facts = facts
    for problem in facts.of(ParseProblem):
        result.diagnostics.append(_pc900(path, source.clamp(problem.span), problem.message,
                                         Severity.INFO if problem.skipped else Severity.ERROR))
    run_file_rules(facts, settings, enabled, result.diagnostics, result.errors)
    budget.check()
    return result


def run_file_rules(facts: FileFacts, settings: Settings, enabled: set[str], diagnostics: list,
                   errors: list, only: frozenset[str] | None = None) -> None:
    """Every enabled file rule (or those of `only`) on one file's facts."""
    role = file_role(facts)
    for code, rule in sorted(load().items()):
        if code not in enabled or rule.spec.scope != "file" or not applies(rule.spec, role) \
                or only is not None and code not in only:
            continue
        ctx = FileRuleContext(spec=rule.spec, settings=settings, facts=facts)
        try:
            diagnostics.extend(rule.check(ctx))
        except Exception as exc:
            errors.append(InternalError(facts.path, code, _describe(exc)))


def analyse_file(found: FoundFile, settings: Settings, enabled: set[str]) -> FileResult:
    """Read, parse and run the file rules on one file (no cache, this process)."""
    refused = _refused(found)
    if refused is not None:
        return refused
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


def _worker_analyse(task: tuple[FoundFile, bytes, bool]) -> FileResult:
    found, data, force = task
    return analyse_source(found, data, _WORKER["settings"], _WORKER["enabled"], force)


# Below this many files to parse, worker start-up costs more than it saves.
PARALLEL_THRESHOLD = 48


def analyse_all(found: Sequence[FoundFile], settings: Settings, enabled: set[str],
                jobs: int = 1, cache: "ResultCache | None" = None, progress=None,
                force: bool = False) -> list[FileResult]:
    """Analyse every file: cache hits and prefiltered files here, the rest in `jobs` processes.

    The result list is in the order of `found` whatever `jobs` is, so output is identical.
    `force`: parse even what the prefilter rejects (the linker needs those files' symbols).
    """
    from .cache import content_hash
    from .envresolve import project_inputs

    results: list[FileResult | None] = [None] * len(found)
    todo: list[tuple[int, bytes, object, str, tuple]] = []
    memo: dict = {}
    for i, f in enumerate(found):
        refused = _refused(f)
        if refused is not None:
            results[i] = refused
            continue
        if frontends.FRONTEND_MODULES.get(f.kind) is None:
            results[i] = FileResult(found=f, facts=frontends.empty_facts(f.path, f.kind))
            continue
        inputs = project_inputs(f.path.parent, memo) if cache is not None else ()
        if cache is not None:
            entry = cache.lookup(f.path, f.size, f.mtime_ns, inputs)
            if entry is not None and not (force and _unparsed(entry.result)):
                results[i] = _restore(f, entry.result)
                continue
        result, data, st = _read(f, settings)
        if data is None:
            results[i] = result
            continue
        digest = content_hash(data) if cache is not None else ""
        if cache is not None:
            entry = cache.lookup_content(f.path, st, digest, inputs)
            if entry is not None and not (force and _unparsed(entry.result)):
                results[i] = _restore(f, entry.result)
                continue
        if not force and not frontends.passes_prefilter(f.kind, data):
            facts = frontends.empty_facts(f.path, f.kind)
            facts.import_specs = scan_imports(f.kind, data)  # the approximate import graph
            results[i] = FileResult(found=f, facts=facts, suppressions=suppression.Suppressions())
            if cache is not None:
                cache.store(f.path, st, digest, _payload(results[i]), inputs)
            continue
        todo.append((i, data, st, digest, inputs))

    ready = len(found) - len(todo)  # cache hits and prefiltered files, done already
    if jobs > 1 and len(todo) >= PARALLEL_THRESHOLD:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                 initializer=_worker_init, initargs=(settings, enabled)) as pool:
            tasks = [(found[i], data, force) for i, data, _, _, _ in todo]
            chunk = max(1, len(tasks) // (jobs * 8))
            computed = []
            for r in pool.map(_worker_analyse, tasks, chunksize=chunk):
                computed.append(r)
                if progress is not None:
                    progress(ready + len(computed))
    else:
        computed = []
        for i, data, _, _, _ in todo:
            computed.append(analyse_source(found[i], data, settings, enabled, force))
            if progress is not None:
                progress(ready + len(computed))

    for (i, _, st, digest, inputs), result in zip(todo, computed):
        results[i] = result
        if cache is not None and not result.errors and not result.transient and not holds_secret(result):
            cache.store(found[i].path, st, digest, _payload(result), inputs)
    return results  # type: ignore[return-value]


def holds_secret(result: FileResult) -> bool:
    """Whether a file's facts hold a credential: such a result is never written to the
    cache (it is analysed again next run), so no password ever lands on disk.

    Env files are secret stores by nature; elsewhere a URL with a password, a token or a
    secret parameter, or a client option named like a secret, counts."""
    from .facts import ClientConstruction, UrlConcatenation, UrlLiteral
    from .urls import is_secret_key, redact, redact_text

    facts = result.facts
    if facts is None:
        return False
    if "dotenv" in facts.models:
        return True
    for f in facts.facts:
        if isinstance(f, UrlLiteral) and redact(f.value) != f.value:
            return True
        if isinstance(f, UrlConcatenation) and redact_text(f.appended) != f.appended:
            return True
        if isinstance(f, ClientConstruction):
            for key, value in f.options:
                if isinstance(value, str) and (is_secret_key(key.rsplit(".", 1)[-1])
                                               or redact_text(value) != value):
                    return True
    return False


def _payload(result: FileResult):
    # Most files have no facts and no findings; store those as None so a warm run over
    # a large tree unpickles almost nothing.
    facts = result.facts
    if (facts is not None and not facts.facts and not facts.models and not result.diagnostics
            and facts.symbols is None and not facts.import_specs
            and not result.suppressions.by_line and not result.suppressions.file_wide):
        return None
    return (result.facts, result.diagnostics, result.suppressions)


def _unparsed(payload) -> bool:
    """A cached result of a file the prefilter rejected: no facts and no symbols."""
    return payload is None or payload[0] is None or payload[0].symbols is None


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


class _SettingsExcluder:
    """Each path excluded by the patterns of its own configuration."""

    def __init__(self, configs: Configurations, named: Iterable[Path] = ()):
        self.configs = configs
        self.memo: dict[int, list[Excluder]] = {}
        # Files named explicitly are checked even when a pattern excludes them, unless
        # their config (or --force-exclude) sets force-exclude, as in ruff.
        self.named = {os.path.abspath(p) for p in named}

    def excluders(self, settings: Settings) -> list[Excluder]:
        hit = self.memo.get(id(settings))
        if hit is None:
            hit = self.memo[id(settings)] = [Excluder(root, patterns)
                                             for root, patterns in settings.exclusions()]
        return hit

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        settings = self.configs.for_path(path) if is_dir else self.configs.for_file(path)
        if (not is_dir and self.named and os.path.abspath(path) in self.named
                and not settings.option("force-exclude")):
            return False
        return any(e.excluded(path, is_dir) for e in self.excluders(settings))


def discover(paths: Sequence[Path], settings: "Settings | Configurations") -> list[FoundFile]:
    """The files below `paths`, each excluded (or not) by its own configuration. A file
    named explicitly is checked even when excluded, unless `force-exclude` is set (the
    pre-commit hook passes --force-exclude), as ruff does."""
    configs = Configurations.of(settings)
    top = configs.for_path(Path.cwd() if not paths else paths[0])
    excluder = _SettingsExcluder(configs, [p for p in paths if os.path.isfile(p)])
    return list(walk(paths, excluder, respect_gitignore=top.option("respect-gitignore"),
                      include_markdown=top.option("include-markdown")))


def _cache_for(cache_dir: Path | None, settings: Settings, enabled: set[str]):
    if cache_dir is None:
        return None
    from .cache import ResultCache

    return ResultCache(cache_dir, f"{settings.fingerprint()}|{sorted(enabled)}|{Path.cwd()}",
                       settings.root)


class _Analyser:
    """Analyses files with each one's own settings, one cache per distinct settings."""

    def __init__(self, configs: Configurations, jobs: int, cache_dir: Path | None, progress=None):
        self.configs, self.jobs, self.cache_dir = configs, jobs, cache_dir
        self.progress = progress  # called as progress(done, total) while files are parsed
        self.caches: dict[int, object] = {}
        self.implemented = implemented_codes()

    def enabled(self, settings: Settings) -> set[str]:
        return settings.enabled_codes(self.implemented)

    def analyse(self, found: Sequence[FoundFile]) -> list[FileResult]:
        groups: dict[int, tuple[Settings, list[int]]] = {}
        for i, f in enumerate(found):
            settings = self.configs.for_file(f.path)
            groups.setdefault(id(settings), (settings, []))[1].append(i)
        results: list[FileResult | None] = [None] * len(found)
        done = 0
        for key, (settings, indexes) in groups.items():
            enabled = self.enabled(settings)
            if key not in self.caches:
                self.caches[key] = _cache_for(self.cache_dir, settings, enabled)
            report = None
            if self.progress is not None:
                offset = done
                report = lambda n, offset=offset: self.progress(offset + n, len(found))
            part = analyse_all([found[i] for i in indexes], settings, enabled,
                               jobs=self.jobs, cache=self.caches[key], progress=report)
            done += len(indexes)
            for i, r in zip(indexes, part):
                results[i] = r
        return results  # type: ignore[return-value]

    def analyse_symbols(self, found: Sequence[FoundFile]) -> list[FileResult]:
        """Parse files the prefilter rejected, for their symbols (the linker's closure)."""
        groups: dict[int, tuple[Settings, list[int]]] = {}
        for i, f in enumerate(found):
            settings = self.configs.for_file(f.path)
            groups.setdefault(id(settings), (settings, []))[1].append(i)
        results: list[FileResult | None] = [None] * len(found)
        for key, (settings, indexes) in groups.items():
            enabled = self.enabled(settings)
            if key not in self.caches:
                self.caches[key] = _cache_for(self.cache_dir, settings, enabled)
            part = analyse_all([found[i] for i in indexes], settings, enabled, jobs=self.jobs,
                               cache=self.caches[key], force=True)
            for i, r in zip(indexes, part):
                results[i] = r
        return results  # type: ignore[return-value]

    def save(self) -> None:
        for cache in self.caches.values():
            if cache is not None:
                cache.save()


def run(paths: Sequence[Path], settings: "Settings | Configurations", jobs: int = 1,
        cache_dir: Path | None = None, progress=None) -> RunResult:
    """Analyse `paths` and return sorted, filtered diagnostics.

    `settings` is either one Settings for every file or the Configurations that give each
    file its nearest config. `jobs` > 1 parses large trees in that many processes;
    `cache_dir` enables the result cache (None: no cache); `progress(done, total)` is
    called as files are parsed.
    """
    configs = Configurations.of(settings)
    safeio.allow(*(configs.for_path(p).root for p in paths), *paths)
    found = discover(paths, configs)
    analyser = _Analyser(configs, jobs, cache_dir, progress)
    results = analyser.analyse(found)
    analyser.progress = None  # context files of partial runs are not counted
    diagnostics: list[Diagnostic] = []
    errors: list[InternalError] = []
    context: list[FileResult] = []
    # first: the link may replace the given files' cross-module findings (one per cause)
    project = _project_diagnostics(paths, found, results, configs, analyser, errors, context)
    for r in results:
        diagnostics.extend(r.diagnostics)
        errors.extend(r.errors)
    diagnostics.extend(project)
    analyser.save()
    problems = configs.problems()
    if problems:
        # A broken config file is one finding, PC901, not also the front-end's PC900.
        broken = {os.path.abspath(d.path) for d in problems}
        diagnostics = [d for d in diagnostics
                       if not (d.code == "PC900" and os.path.abspath(d.path) in broken)]
    diagnostics.extend(problems)
    return RunResult(filter_diagnostics(diagnostics, results, configs, context=context), len(found),
                     errors, secret_spans(results))


def _project_rules_for(configs: Configurations, analyser: "_Analyser") -> dict[str, object]:
    """Every project rule some loaded configuration enables; each finding is then kept or
    dropped by the configuration of the file it sits in (filter_diagnostics)."""
    enabled: set[str] = set()
    for settings in configs.loaded():
        enabled |= analyser.enabled(settings)
    return {code: rule for code, rule in sorted(load().items())
            if code in enabled and rule.spec.scope == "project"}


def _touches(d: Diagnostic, given: set[str]) -> bool:
    """A finding belongs to a partial run when it sits in one of the given files, or when
    one of its related locations does (a staged docker-compose.yml that lowers
    max_connections causes the PC403 in the unstaged pgbouncer.ini)."""
    return os.path.abspath(d.path) in given or any(os.path.abspath(r.path) in given for r in d.related)


def _project_diagnostics(paths, found, results, configs: Configurations, analyser: "_Analyser",
                         errors, context: list | None = None) -> list[Diagnostic]:
    """Run the project rules once per project root, with the settings of that root.

    When the paths given do not cover a whole project (pre-commit and editors pass single
    files), the rest of that project is read for context, and only findings that touch
    the files given are kept (located in them, or with a related location in them).
    """
    from .project import RootFinder, roots_to_load

    top = configs.for_path(paths[0] if paths else Path.cwd())
    finder = RootFinder(top.root, paths)
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
        extra = [f for f in discover(walk_from, configs) if os.path.abspath(f.path) not in given]
        context_results += analyser.analyse(extra)
    out: list[Diagnostic] = _link(context_results, results, given, configs, analyser)
    if context is not None:
        context.extend(r for r in context_results if os.path.abspath(r.found.path) not in given)
    rules = _project_rules_for(configs, analyser)
    if not rules:
        return out
    facts = [r.facts for r in context_results if r.facts is not None]
    for project in _contexts(facts, configs, finder):
        if not any(os.path.abspath(f.path) in given for f in project.files):
            continue
        out.extend(_run_project_rules(project, project.settings, list(rules.values()), errors))
    if extra_roots:
        out = [d for d in out if _touches(d, given)]
    return out


# File rules that judge scopes and transactions: the link may change what they see.
LINKED_CODES = frozenset({"PC101", "PC104", "PC105", "PC106", "PC108", "PC201", "PC202", "PC205"})


def _link(context_results: list, results: list, given: set[str], configs: Configurations,
          analyser: "_Analyser") -> list[Diagnostic]:
    """Link the run's files (the whole workspace of a partial run) and run the linked file
    rules again where the link changed a file's facts. A given file's findings of those
    rules are replaced (one finding per cause); a context file's new findings are kept
    when they touch the given files (a related location in a staged helper)."""
    from .linker.session import Closure, index_for, link_results

    index = index_for(r.found.path for r in context_results)
    closure = Closure(index)
    for _ in range(64):  # rounds: each parses what the last one's calls reached
        needed = closure.needed(context_results)
        if not needed:
            break
        parsed = {id(old): new for old, new in zip(needed, analyser.analyse_symbols([r.found for r in needed]))}
        context_results[:] = [parsed.get(id(r), r) for r in context_results]
    derived = link_results(context_results, index)
    out: list[Diagnostic] = []
    by_path = {os.path.abspath(r.found.path): r for r in results}
    for r in context_results:
        path = os.path.abspath(r.found.path)
        new_facts = derived.get(path.replace(os.sep, "/"))
        if new_facts is None or r.facts is None:
            continue
        facts = FileFacts(path=r.facts.path, language=r.facts.language, facts=new_facts,
                          models=r.facts.models, symbols=r.facts.symbols)
        settings = configs.for_file(r.found.path)
        linked: list[Diagnostic] = []
        run_file_rules(facts, settings, analyser.enabled(settings), linked, r.errors, LINKED_CODES)
        own = by_path.get(path)
        if own is not None:
            own.diagnostics = [d for d in own.diagnostics if d.code not in LINKED_CODES] + linked
        else:
            before = set(r.diagnostics)
            out.extend(d for d in linked if d not in before and _touches(d, given))
    return out


def _contexts(facts, configs: Configurations, finder):
    """One project context per root, each with the settings of its root folder."""
    from .project import build_contexts

    contexts = build_contexts(facts, configs.for_path(finder.fallback), finder)
    for ctx in contexts:
        ctx.settings = configs.for_path(ctx.root)
    return contexts


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


def check_document(path: Path, text: str, settings: "Settings | Configurations",
                   cache_dir: Path | None = None, named: bool = False) -> list[Diagnostic]:
    """Diagnostics for one file's in-memory text, as the CLI would report them for it.

    For editors (the language server analyses unsaved buffers) and `poolcheck -
    --stdin-filename PATH`. With Configurations, the file gets its nearest config and
    every other file of its project its own, as in a CLI run. Runs the front-end and the
    file rules on the text, then the project rules over the file's project, with the
    text's facts in place of the file on disk, and keeps what is located in this file.
    The rest of the project is read through the result cache in `cache_dir` (None: no
    cache), so an edit costs little more than re-reading the buffer. A file that
    poolcheck does not read, or that the config excludes, gets no diagnostics. Internal
    errors are logged and the file's other findings still come back. `named` (stdin with
    --stdin-filename) checks an excluded path anyway unless force-exclude is set; editors
    never get diagnostics for excluded files.
    """
    import logging

    from .discovery import classify_named

    configs = Configurations.of(settings)
    own = configs.for_path(path)
    found = FoundFile(path, classify_named(path) or "", explicit=True)
    if not found.kind or (found.kind == "markdown" and not own.option("include-markdown")):
        return []
    safeio.allow(own.root)
    refused = _refused(found)
    if refused is not None:  # a symlink out of the project: its buffer is not analysed either
        return refused.diagnostics
    if _SettingsExcluder(configs, [path] if named else []).excluded(path):
        return []
    analyser = _Analyser(configs, 1, cache_dir)
    enabled = analyser.enabled(own)
    if frontends.FRONTEND_MODULES.get(found.kind) is None:
        result = FileResult(found=found, facts=frontends.empty_facts(path, found.kind))
    else:
        result = analyse_source(found, text.encode("utf-8"), own, enabled)
    errors = list(result.errors)
    project = _document_project_diagnostics(result, configs, analyser, errors) \
        if result.facts is not None else []
    diagnostics = list(result.diagnostics) + project  # after the link replaced its own
    analyser.save()
    for error in errors:
        logging.getLogger("poolcheck").error(error.describe())
    return filter_diagnostics(diagnostics, [result], configs)


def _document_project_diagnostics(result: FileResult, configs: Configurations, analyser: "_Analyser",
                                  errors: list) -> list[Diagnostic]:
    """Project rules for the project of an editor buffer, findings located in the buffer only."""
    from .project import RootFinder

    path = result.found.path
    target = os.path.abspath(path)
    finder = RootFinder(configs.for_path(path).root)
    root = finder.root_of(path)
    others = [f for f in discover([root], configs) if os.path.abspath(f.path) != target]
    context_results = [result, *analyser.analyse(others)]
    out: list[Diagnostic] = [d for d in _link(context_results, [result], {target}, configs, analyser)
                             if os.path.abspath(d.path) == target]
    rules = _project_rules_for(configs, analyser)
    for project in _contexts([r.facts for r in context_results if r.facts is not None],
                             configs, finder):
        if not any(os.path.abspath(f.path) == target for f in project.files):
            continue
        out.extend(d for d in _run_project_rules(project, project.settings, list(rules.values()),
                                                 errors, path)
                   if os.path.abspath(d.path) == target)
    return out
