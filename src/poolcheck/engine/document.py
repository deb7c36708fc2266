"""The editor path: one file's in-memory text checked as the CLI would check it, with
the rest of its project read from disk (through the result cache) for context."""

from __future__ import annotations

import os
from pathlib import Path

from ..config import Configurations, Settings
from ..core import safeio
from ..core.diagnostics import Diagnostic
from .discovery import Discovery, FoundFile, SettingsExcluder, classify_named
from .files import FileResult, analyse_source, refused_result
from .filtering import filter_diagnostics
from .linking import LinkMemo, link_diagnostics
from .pipeline import Analyser, project_contexts, project_rules_for, run_project_rules


class DocumentSession:
    """What an editor keeps between two analyses of its buffers: the configurations, the
    analyser with its loaded result caches, and each project's other files with their
    results, so that a keystroke re-analyses the buffer alone. Call `forget()` when files
    on disk may have changed (a save, a change the editor watched); a new session re-reads
    the configuration."""

    def __init__(self, configs: "Settings | Configurations", cache_dir: Path | None = None):
        self.configs = Configurations.of(configs)
        self.cache_dir = cache_dir
        self.analyser = Analyser(self.configs, 1, cache_dir)
        # (root, buffer) -> the project's other files, as the last link left them (the
        # files it parsed for their symbols included, so the next keystroke parses none)
        self.projects: dict[tuple[str, str], list[FileResult]] = {}
        self.finders: dict[str, object] = {}  # fallback root -> its RootFinder (memo per folder)
        self.links: dict[tuple[str, str], LinkMemo] = {}  # (root, buffer) -> its link's memo

    def forget(self) -> None:
        self.projects.clear()
        self.finders.clear()
        self.links.clear()

    def link_memo(self, key: tuple[str, str]) -> LinkMemo:
        hit = self.links.get(key)
        if hit is None:
            hit = self.links[key] = LinkMemo(self.cache_dir)
        return hit

    def finder(self, fallback: Path):
        from ..project.roots import RootFinder

        key = str(fallback)
        hit = self.finders.get(key)
        if hit is None:
            hit = self.finders[key] = RootFinder(fallback)
        return hit


def _walk_root(root: Path) -> Path:
    """A project root as a CLI run in the working directory names it (relative below the
    working directory), so the editor and the CLI share the result cache's entries."""
    try:
        return root.relative_to(Path.cwd()) if root.is_absolute() else root
    except ValueError:
        return root


def check_document(path: Path, text: str, settings: "Settings | Configurations",
                   cache_dir: Path | None = None, named: bool = False,
                   session: DocumentSession | None = None) -> list[Diagnostic]:
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
    never get diagnostics for excluded files. With a `session` (editors), its
    configurations, analyser and remembered projects are used instead of `settings`.
    """
    import logging

    configs = session.configs if session is not None else Configurations.of(settings)
    own = configs.for_path(path)
    found = FoundFile(path, classify_named(path) or "", explicit=True)
    if not found.kind or (found.kind == "markdown" and not own.option("include-markdown")):
        return []
    safeio.allow(own.root)
    refused = refused_result(found)
    if refused is not None:  # a symlink out of the project: its buffer is not analysed either
        return refused.diagnostics
    if SettingsExcluder(configs, [path] if named else []).excluded(path):
        return []
    analyser = session.analyser if session is not None else Analyser(configs, 1, cache_dir)
    enabled = analyser.enabled(own)
    result = analyse_source(found, text.encode("utf-8"), own, enabled)
    errors = list(result.errors)
    project = _document_project_diagnostics(result, configs, analyser, errors, session) \
        if result.facts is not None else []
    diagnostics = list(result.diagnostics) + project  # after the link replaced its own
    analyser.save()
    for error in errors:
        logging.getLogger("poolcheck").error(error.describe())
    return filter_diagnostics(diagnostics, [result], configs)


def _workspace_found(walk: Discovery, root: Path, buffer: FoundFile) -> list[FoundFile]:
    """What the buffer's project runs with in its workspace, as a CLI run of the one file
    reads it (project.workspace.partial_context): the client-building packages it depends
    on and the deployment files of the apps it runs in."""
    from ..project.partial import partial_context

    folder = os.path.abspath(root)
    workspace = partial_context([root], lambda f: f == folder or f.startswith(folder + os.sep))
    out = walk.context([_walk_root(p) for p in workspace.files])
    if workspace.packages:
        out += [f for f in walk.context([_walk_root(p) for p in workspace.packages])
                if workspace.wants(f, [buffer])]
    return out


def _document_project_diagnostics(result: FileResult, configs: Configurations, analyser: "Analyser",
                                  errors: list, session: DocumentSession | None = None) -> list[Diagnostic]:
    """Project rules for the project of an editor buffer, findings located in the buffer only."""
    from ..project.roots import RootFinder

    path = result.found.path
    target = os.path.abspath(path)
    fallback = configs.for_path(path).root
    finder = session.finder(fallback) if session is not None else RootFinder(fallback)
    root = finder.root_of_file(path)
    key = (os.path.abspath(root), target)
    others = session.projects.get(key) if session is not None else None
    if others is None:
        walk_from = [_walk_root(root)]
        walk = Discovery(walk_from, configs)
        walk.known(path)  # the buffer stands for the file on disk
        found = walk.given(walk_from)
        found += _workspace_found(walk, root, result.found)
        others = analyser.analyse(found)
    context_results = [result, *others]
    memo = session.link_memo(key) if session is not None else None
    out: list[Diagnostic] = [d for d in link_diagnostics(context_results, [result], {target}, configs, analyser, memo)
                             if os.path.abspath(d.path) == target]
    if session is not None:  # the link replaced in place the files it parsed for symbols
        session.projects[key] = context_results[1:]
    rules = project_rules_for(configs, analyser)
    for project in project_contexts([r.facts for r in context_results if r.facts is not None],
                             configs, finder):
        if not any(os.path.abspath(f.path) == target for f in project.files):
            continue
        out.extend(d for d in run_project_rules(project, project.settings, list(rules.values()),
                                                 errors, path)
                   if os.path.abspath(d.path) == target)
    return out
