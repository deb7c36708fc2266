"""The pipeline: discover -> read -> front-end -> facts -> rules -> filter -> sort.

Each file is read and parsed once; every file rule shares its facts. Project rules then
see all files' facts. A crash inside one rule on one file is recorded as an internal
error (exit 2) and the other rules and files still run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..config import Configurations, Settings
from ..core import safeio
from ..core.diagnostics import Diagnostic, Span
from ..rules import ProjectRuleContext, applies, file_role, implemented_codes, load
from ..rules.registry import code_applies
from ..rules.helpers.scripts import standalone_scripts
from ..vocabulary.layout import path_role
from .cache import cache_for
from .discovery import Discovery, FoundFile
from .errors import InternalError, describe_error
from .files import FileResult
from .filtering import filter_diagnostics, touches_given
from .linking import link_diagnostics
from .parallel import Pools, analyse_all


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
    from ..facts import UrlConcatenation, UrlLiteral

    out: dict[str, tuple[Span, ...]] = {}
    for r in results:
        if r.facts is None:
            continue
        spans = tuple(f.span for f in r.facts.facts if isinstance(f, (UrlLiteral, UrlConcatenation)))
        if spans:
            out[os.path.abspath(r.found.path)] = spans
    return out


class Analyser:
    """Analyses files with each one's own settings, one cache per distinct settings; with
    `jobs` > 1, in worker pools kept open until `close` (the link's closure reuses them)."""

    def __init__(self, configs: Configurations, jobs: int, cache_dir: Path | None, progress=None):
        self.configs, self.jobs, self.cache_dir = configs, jobs, cache_dir
        self.progress = progress  # called as progress(done, total) while files are parsed
        self.caches: dict[int, object] = {}
        self.implemented = implemented_codes()
        self.pools = Pools() if jobs > 1 else None

    def close(self) -> None:
        if self.pools is not None:
            self.pools.close()

    def enabled(self, settings: Settings) -> set[str]:
        return settings.enabled_codes(self.implemented)

    def analyse(self, found: Sequence[FoundFile]) -> list[FileResult]:
        groups: dict[int, tuple[Settings, list[int]]] = {}
        by_folder: dict[str, Settings] = {}  # every file of a folder has the folder's settings
        for i, f in enumerate(found):
            folder = os.path.dirname(f.path)
            settings = by_folder.get(folder)
            if settings is None:
                settings = by_folder[folder] = self.configs.for_file(f.path)
            groups.setdefault(id(settings), (settings, []))[1].append(i)
        results: list[FileResult | None] = [None] * len(found)
        done = 0
        for key, (settings, indexes) in groups.items():
            enabled = self.enabled(settings)
            if key not in self.caches:
                self.caches[key] = cache_for(self.cache_dir, settings, enabled)
            report = None
            if self.progress is not None:
                offset = done
                report = lambda n, offset=offset: self.progress(offset + n, len(found))
            part = analyse_all([found[i] for i in indexes], settings, enabled,
                               jobs=self.jobs, cache=self.caches[key], progress=report, pools=self.pools)
            done += len(indexes)
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
    walk = Discovery(paths, configs)
    found = walk.given(paths)
    analyser = Analyser(configs, jobs, cache_dir, progress)
    diagnostics: list[Diagnostic] = []
    errors: list[InternalError] = []
    context: list[FileResult] = []
    scripts: set[str] = set()
    try:
        results = analyser.analyse(found)
        analyser.progress = None  # context files of partial runs are not counted
        # first: the link may replace the given files' cross-module findings (one per cause)
        project = _project_diagnostics(paths, found, results, configs, analyser, errors, context, walk,
                                       scripts)
    finally:
        analyser.close()
    for r in results:
        if scripts and os.path.abspath(r.found.path) in scripts:
            # a standalone script is a script wherever it sits, for the file rules too
            diagnostics.extend(d for d in r.diagnostics if code_applies(d.code, "script"))
        else:
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


def project_rules_for(configs: Configurations, analyser: "Analyser") -> dict[str, object]:
    """Every project rule some loaded configuration enables; each finding is then kept or
    dropped by the configuration of the file it sits in (filter_diagnostics)."""
    enabled: set[str] = set()
    for settings in configs.loaded():
        enabled |= analyser.enabled(settings)
    return {code: rule for code, rule in sorted(load().items())
            if code in enabled and rule.spec.scope == "project"}


def _project_diagnostics(paths, found, results, configs: Configurations, analyser: "Analyser",
                         errors, context: list, walk: Discovery, scripts: set[str]) -> list[Diagnostic]:
    """Run the project rules once per project root, with the settings of that root, and
    add to `scripts` the standalone scripts of those roots (absolute paths).

    When the paths given do not cover a whole project (pre-commit and editors pass single
    files), the rest of that project is read for context (`walk` goes on from the walk
    of the paths: nothing is walked twice), and only findings that touch the files given
    are kept (located in them, or with a related location in them).
    """
    from ..project.roots import RootFinder, roots_to_load

    top = configs.for_path(paths[0] if paths else Path.cwd())
    finder = RootFinder(top.root, paths)
    given = {os.path.abspath(f.path) for f in found}
    context_results = list(results)
    extra_roots = roots_to_load(paths, [f.path for f in found], finder)
    workspace = _workspace_context(paths, results, extra_roots, finder)
    if extra_roots or not workspace.empty:
        context_results += _read_context(walk, analyser, finder, extra_roots, workspace, found)
    out: list[Diagnostic] = link_diagnostics(context_results, results, given, configs, analyser)
    # The link replaces results in place: the given files' are still the first ones.
    context.extend(context_results[len(results):])
    rules = project_rules_for(configs, analyser)
    if not rules:
        return out
    facts = [r.facts for r in context_results if r.facts is not None]
    given_roots = {finder.root_of_file(r.found.path) for r in context_results[:len(results)]
                   if r.facts is not None}
    given_roots.update(finder.root_of(p) for p in workspace.rule_folders)
    for project in project_contexts(facts, configs, finder, workspace.map):
        if project.root not in given_roots:
            continue
        out.extend(run_project_rules(project, project.settings, list(rules.values()), errors))
        scripts.update(os.path.abspath(p) for p in standalone_scripts(project))
    if extra_roots or not workspace.empty:
        out = [d for d in out if touches_given(d, given)]
    return out


def _read_context(walk: Discovery, analyser: "Analyser", finder, extra_roots, workspace, found) -> list:
    """The results of what a partial run reads for context: the rest of its project roots,
    and its workspace context (project.partial): the packages it runs with, the apps'
    deployment files, the app files that import a given module, and the packages those
    files' transactions import."""
    from ..project.roots import is_under

    cwd = str(Path.cwd())

    def named(folders):
        return [Path(os.path.relpath(p, cwd)) if is_under(str(p), cwd) else p for p in folders]

    read = walk.context(named([*extra_roots, *workspace.files]))
    if workspace.packages:
        read += [f for f in walk.context(named(workspace.packages)) if workspace.wants(f, found)]
    importers, passed = [], []   # an app's files that import the given module, and the rest
    for folder, names in workspace.naming.items():
        for f in walk.context(named([folder])):
            (importers if workspace.names_a_package(f, names) else passed).append(f)
    out = analyser.analyse(read + importers)
    more = workspace.transaction_packages(out[len(read):], finder) if importers else []
    if more:
        inside = [os.path.abspath(p) for p in more]
        extra = [f for f in passed if any(is_under(os.path.abspath(f.path), p) for p in inside)]
        out += analyser.analyse([f for f in extra + walk.context(named(more)) if workspace.wants(f, found)])
    return out


def _workspace_context(paths, results, extra_roots, finder):
    """What a run that covers only part of a workspace reads beyond its project roots."""
    from ..project.partial import partial_context_of_run

    walked = [os.path.abspath(p) for p in paths if safeio.is_dir(p)] + [str(r) for r in extra_roots]
    return partial_context_of_run(results, walked, finder)


def project_contexts(facts, configs: Configurations, finder, workspaces=None):
    """One project context per root, each with the settings of its root folder (and the
    run's WorkspaceMap, when the partial-run context read one)."""
    from ..project.context import build_contexts

    contexts = build_contexts(facts, configs.for_path(finder.fallback), finder, workspaces)
    for ctx in contexts:
        ctx.settings = configs.for_path(ctx.root)
    return contexts


def run_project_rules(project, settings: Settings, project_rules, errors: list,
                       path: Path | None = None) -> list[Diagnostic]:
    """Every project rule over one context; a rule that raises becomes an internal error
    (reported with `path` when there is one) and the other rules still run."""
    out: list[Diagnostic] = []
    files = {f.path: f for f in project.files}
    roles: dict = {}
    scripts: list = []

    def role(path):  # a file's role, worked out for the few files that have findings
        if path not in roles:
            roles[path] = file_role(files[path]) if path in files else path_role(path)
            if roles[path] is None and path in files:
                # a standalone script (`node add-cols.js`) is a script wherever it sits
                if not scripts:
                    scripts.append(standalone_scripts(project))
                if path in scripts[0]:
                    roles[path] = "script"
        return roles[path]

    for rule in project_rules:
        ctx = ProjectRuleContext(spec=rule.spec, settings=settings, project=project)
        try:
            out.extend(d for d in rule.check(ctx) if applies(rule.spec, role(d.path)))
        except Exception as exc:
            errors.append(InternalError(path, rule.code, describe_error(exc)))
    return out
