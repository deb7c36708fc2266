"""File discovery and classification.

Walks the given paths, honours .gitignore files (nested, with pathspec's gitwildmatch),
skips dependency folders, build output, generated Prisma clients and virtualenvs, and
classifies each file by name into the kind of front-end that reads it.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, Sequence

import pathspec

from ..config import Configurations, Settings
from ..core import safeio
from ..project.roots import repo_top
from ..vocabulary.kinds import CODE_KINDS, NESTED_FILES, PROJECT_FILES, is_dockerfile_name
from ..vocabulary.layout import K8S_DIRS, K8S_NAME_HINTS, NOT_ENV_SUFFIXES, SKIP_DIR_PAIRS, SKIP_DIRS


def classify(path: Path) -> str | None:
    """The kind of a file from its name, or None when poolcheck does not read it."""
    return _classify(path.name, path.parent.name, lambda: path.parts[:-1])


def _classify(name: str, parent_name: str, folders) -> str | None:
    """`classify` from the name, the parent folder's name and a callable giving every
    folder name (the walk has the names as strings; only YAML files need the folders)."""
    if name == ".env" or name.startswith(".env.") and not name.endswith(NOT_ENV_SUFFIXES):
        return "dotenv"
    if name in PROJECT_FILES:
        return PROJECT_FILES[name]
    if is_dockerfile_name(name):
        return "deploy"
    if f"{parent_name}/{name}" in NESTED_FILES:
        return NESTED_FILES[f"{parent_name}/{name}"]
    if name.startswith(("docker-compose", "compose.")) and name.endswith((".yml", ".yaml")):
        return "deploy"
    if name.endswith((".yml", ".yaml")):
        lower = name.lower()
        if any(h in lower for h in K8S_NAME_HINTS) or any(p in K8S_DIRS for p in folders()):
            return "k8s"
        return None
    if name.startswith("requirements") and name.endswith(".txt"):
        return "requirements"
    if name.endswith(".d.ts"):
        return None
    dot = name.rfind(".")  # pathlib's suffix: not a leading dot, not a trailing one
    return CODE_KINDS.get(name[dot:].lower()) if 0 < dot < len(name) - 1 else None


def classify_named(path: Path) -> str | None:
    """The kind of a file named explicitly (command line, stdin filename, editor): as
    `classify`, and also env files named by their extension (`prod.env`, `config.env`),
    which a walk leaves alone because `*.env` names many unrelated files."""
    kind = classify(path)
    if kind is None and path.suffix == ".env":
        return "dotenv"
    return kind


@dataclass(frozen=True)
class FoundFile:
    path: Path      # as it will be reported (joined onto the argument given)
    kind: str
    explicit: bool  # named on the command line rather than found by walking
    # The walk's own stat, so the cache can recognise an unchanged file without another.
    size: int = field(default=-1, compare=False)
    mtime_ns: int = field(default=-1, compare=False)
    link: bool = field(default=False, compare=False)  # a symlink (safeio decides if it is read)


class _Ignores:
    """Stacked .gitignore specs, each anchored at its own folder. Paths are plain strings
    (real paths, joined with os.sep): the walk asks for every entry of the tree, and
    pathlib's relative_to cost more than the matching."""

    def __init__(self, specs: tuple[tuple[str, pathspec.PathSpec, "re.Pattern | None"], ...] = ()):
        self.specs = specs

    def child(self, folder: str | Path) -> "_Ignores":
        folder = str(folder)
        path = os.path.join(folder, ".gitignore")
        try:
            safeio.stat(path)  # recorded, absent or not: adding one changes the walk
            with open(path, encoding="utf-8", errors="replace") as fh:
                lines = fh.read().splitlines()
        except OSError:
            return self
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
        return _Ignores(self.specs + ((folder.rstrip(os.sep) + os.sep, spec, _any_pattern(spec)),))

    def ignored(self, path: str | Path, is_dir: bool) -> bool:
        path = str(path)
        for prefix, spec, any_pattern in self.specs:
            if not path.startswith(prefix):
                continue
            rel = path[len(prefix):]
            if os.sep != "/":
                rel = rel.replace(os.sep, "/")
            target = rel + "/" if is_dir else rel
            if any_pattern is not None and any_pattern.search(target) is None:
                continue  # no pattern of this file matches: nothing to decide
            if spec.match_file(target):
                return True
        return False


def _any_pattern(spec: pathspec.PathSpec) -> "re.Pattern | None":
    """One expression matching wherever one of the spec's patterns (negated ones too)
    matches: pathspec tries its patterns one by one in Python (40 regular expressions per
    path for a typical .gitignore), and most paths match none. Only when this matches
    does pathspec decide (the last matching pattern wins, directory marks). None when the
    patterns cannot be joined (flags, back-references)."""
    parts, flags = [], set()
    for pattern in spec.patterns:
        regex = getattr(pattern, "regex", None)
        if getattr(pattern, "include", None) is None or regex is None:
            continue
        text = regex.pattern if isinstance(regex.pattern, str) else None
        if text is None or "(?P=" in text or "\\" in text and re.search(r"\\[1-9]", text):
            return None
        flags.add(regex.flags)
        parts.append("(?:" + re.sub(r"\(\?P<[A-Za-z_]\w*>", "(?:", text) + ")")
    if len(flags) > 1:
        return None
    if not parts:
        return re.compile(r"(?!)")  # matches nothing
    try:
        return re.compile("|".join(parts), flags.pop())
    except re.error:
        return None


def _gitignores_above(folder: Path) -> _Ignores:
    """The .gitignore files between the repository top and `folder` (exclusive)."""
    top = repo_top(folder)
    ignores = _Ignores()
    if top is None:
        return ignores
    chain = [folder] + [p for p in folder.parents]
    for parent in reversed(chain[1:chain.index(top) + 1] if top in chain else []):
        ignores = ignores.child(str(parent))
    return ignores


class Excluder:
    """User `exclude`/`extend-exclude` patterns (gitwildmatch), anchored at the config root."""

    def __init__(self, root: Path, patterns: Iterable[str]):
        self.root = root.resolve()
        self.spec = pathspec.GitIgnoreSpec.from_lines(list(patterns))
        self.empty = not list(patterns)

    def may_exclude_files_in(self, folder: Path) -> bool:
        return not self.empty

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        if self.empty:
            return False
        try:
            rel = path.resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError):
            rel = PurePosixPath(path.as_posix()).as_posix()
        return self.spec.match_file(rel + "/" if is_dir else rel)


def _skip_dir(entry_path: str, name: str, parent_name: str) -> bool:
    if name in SKIP_DIRS or (parent_name, name) in SKIP_DIR_PAIRS:
        return True
    # A virtualenv by any name.
    return safeio.is_file(os.path.join(entry_path, "pyvenv.cfg"))


def walk(paths: Iterable[Path], excluder: "Excluder | SettingsExcluder", respect_gitignore: bool = True,
         include_markdown: bool = False, seen: set[str] | None = None,
         skip: frozenset[str] = frozenset()) -> Iterator[FoundFile]:
    """Yield the files to analyse below `paths`, each once, in a stable order. `seen`
    (real paths already yielded) and `skip` (real paths of folders already walked) let a
    second call go on from a first one without yielding or walking anything twice."""
    seen = set() if seen is None else seen
    for root in paths:
        try:
            st = safeio.stat(root)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            kind = classify_named(root)
            if kind and (kind != "markdown" or include_markdown) and not excluder.excluded(root):
                key = str(root.resolve())
                if key not in seen:
                    seen.add(key)
                    yield FoundFile(root, kind, True, st.st_size, st.st_mtime_ns, root.is_symlink())
            continue
        if not stat.S_ISDIR(st.st_mode):
            continue
        ignores = _gitignores_above(root.resolve()) if respect_gitignore else _Ignores()
        yield from _walk_dir(root, ignores, excluder, respect_gitignore, include_markdown, seen, skip)


def _walk_dir(folder: Path, ignores: _Ignores, excluder: "Excluder | SettingsExcluder", respect_gitignore: bool,
              include_markdown: bool, seen: set[str], skip: frozenset[str] = frozenset()) -> Iterator[FoundFile]:
    # Iterative depth-first walk: deep trees cannot overflow the stack, and directory
    # symlinks are never followed, so symlink loops cannot trap us. For the same reason
    # a folder's real path is its parent's real path plus its name: one resolve() only.
    # Real paths are strings; a Path is made only for what is reported or excluded.
    stack: list[tuple[Path, str, _Ignores]] = [(folder, str(folder.resolve()), ignores)]
    while stack:
        current, resolved, inherited = stack.pop()
        here = inherited.child(resolved) if respect_gitignore else inherited
        try:
            with safeio.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        parent_name = current.name
        files_excludable = excluder.may_exclude_files_in(current)
        for entry in entries:
            name = entry.name
            real = os.path.join(resolved, name)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if real in skip or _skip_dir(real, name, parent_name):
                        continue
                    path = current / name
                    if excluder.excluded(path, True) or respect_gitignore and here.ignored(real, True):
                        continue
                    subdirs.append((path, real))
                    continue
                if not entry.is_file(follow_symlinks=True):
                    continue  # FIFOs, sockets, dangling links
                st = entry.stat(follow_symlinks=True)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            kind = _classify(name, parent_name, lambda: current.parts)
            if kind is None or (kind == "markdown" and not include_markdown):
                continue
            path = current / name
            if files_excludable and excluder.excluded(path) or (respect_gitignore and here.ignored(real, False)):
                continue
            if real in seen:
                continue
            seen.add(real)
            safeio.note(real, st)
            yield FoundFile(path, kind, False, st.st_size, st.st_mtime_ns, entry.is_symlink())
        for sub, sub_resolved in reversed(subdirs):
            stack.append((sub, sub_resolved, here))


class SettingsExcluder:
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
        settings = self.configs.for_file(os.path.join(path, _ANY)) if is_dir else self.configs.for_file(path)
        if (not is_dir and self.named and os.path.abspath(path) in self.named
                and not settings.option("force-exclude")):
            return False
        return any(e.excluded(path, is_dir) for e in self.excluders(settings))

    def may_exclude_files_in(self, folder: Path) -> bool:
        """Whether a pattern may exclude a file of `folder` (every file of a folder has
        the folder's configuration): most folders have none, and the walk then asks
        nothing more about their files."""
        settings = self.configs.for_file(os.path.join(folder, _ANY))
        return any(not e.empty for e in self.excluders(settings))


# A name inside a folder: the settings of a file named so are the folder's (no stat).
_ANY = "_"


class Discovery:
    """One run's walk: the paths given, then (`context`) the project roots a partial run
    reads for context, with one excluder and without walking a folder or yielding a file
    twice (pre-commit and editors pass single files inside a big project)."""

    def __init__(self, paths: Sequence[Path], settings: "Settings | Configurations"):
        self.configs = Configurations.of(settings)
        top = self.configs.for_path(Path.cwd() if not paths else paths[0])
        self.excluder = SettingsExcluder(self.configs, [p for p in paths if safeio.is_file(p)])
        self.options = dict(respect_gitignore=top.option("respect-gitignore"),
                            include_markdown=top.option("include-markdown"))
        self.seen: set[str] = set()
        self.walked: set[str] = set()

    def given(self, paths: Sequence[Path]) -> list[FoundFile]:
        """The files below `paths` (a file named explicitly is checked even when excluded,
        unless `force-exclude` is set)."""
        found = list(walk(paths, self.excluder, seen=self.seen, **self.options))
        for p in paths:
            if safeio.is_dir(p):
                self.walked.add(os.path.realpath(p))
        for f in found:
            if f.explicit:
                self.known(f.path)
        return found

    def known(self, path: Path) -> None:
        """Count `path` as found already (a file named explicitly, an editor's buffer): a
        later walk does not yield it. Named as a walk names a file: its folder's real path
        and its name."""
        self.seen.add(os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))), path.name))

    def context(self, roots: Sequence[Path]) -> list[FoundFile]:
        """The files below `roots` that `given` did not yield, its folders not walked again."""
        return list(walk(roots, self.excluder, seen=self.seen, skip=frozenset(self.walked), **self.options))


def discover(paths: Sequence[Path], settings: "Settings | Configurations") -> list[FoundFile]:
    """The files below `paths`, each excluded (or not) by its own configuration. A file
    named explicitly is checked even when excluded, unless `force-exclude` is set (the
    pre-commit hook passes --force-exclude), as ruff does."""
    return Discovery(paths, settings).given(paths)
