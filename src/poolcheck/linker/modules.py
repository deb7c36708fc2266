"""The module index: which files the link may resolve to, and the resolvers per ecosystem.

Paths are absolute posix strings (`os.path`, not `pathlib`: cheap on a 4,000-file tree).
The index holds the discovered files of the run and the project files (package.json,
tsconfig/jsconfig, pnpm-workspace.yaml, pyproject.toml) read through `ProjectFiles`; the
linker reads nothing else from disk, so a file discovery skipped (`node_modules`, `dist`)
never resolves.
"""

from __future__ import annotations

import json
import os
from typing import Callable, Iterable, Protocol

from ..core.jsonc import strip_jsonc
from ..symbols import Import


class Resolver(Protocol):
    def resolve(self, importer: str, imp: Import) -> str | None: ...


_RESOLVERS: dict[str, Callable[["ModuleIndex"], Resolver]] = {}


def register_resolver(ecosystem: str, factory: Callable[["ModuleIndex"], Resolver]) -> None:
    """Plug a language's import resolution in: `factory(index)` is called once per index."""
    _RESOLVERS[ecosystem] = factory


def resolver_for(ecosystem: str, index: "ModuleIndex") -> Resolver | None:
    """The index's resolver for an ecosystem, one per index: the closure and the binder
    share its memo (an import the closure resolved is not resolved again by the link)."""
    if ecosystem in index.resolvers:
        return index.resolvers[ecosystem]
    if ecosystem not in _RESOLVERS:
        _load_builtin(ecosystem)
    factory = _RESOLVERS.get(ecosystem)
    resolver = index.resolvers[ecosystem] = factory(index) if factory is not None else None
    return resolver


def _load_builtin(ecosystem: str) -> None:
    import importlib

    name = {"js": "resolve_ts", "python": "resolve_py"}.get(ecosystem)
    if name is None:
        return
    try:
        importlib.import_module(f"{__package__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.{name}":
            raise


class ProjectFiles:
    """Reads the project files the resolvers need (JSON/JSONC, YAML, TOML), each once, through
    poolcheck's safe reader; a file that is missing or unreadable reads as None."""

    def __init__(self, reader: Callable[[str], bytes | None] | None = None):
        self._reader = reader or _read_bytes
        self._memo: dict[tuple[str, str], object] = {}

    def raw(self, path: str) -> bytes | None:
        return self._reader(path)

    def json(self, path: str, jsonc: bool = False):
        key = (path, "jsonc" if jsonc else "json")
        if key not in self._memo:
            data = self._reader(path)
            value = None
            if data is not None:
                text = data.decode("utf-8", errors="replace")
                if jsonc:
                    text = strip_jsonc(text)
                try:
                    value = json.loads(text)
                except (ValueError, RecursionError):
                    value = None
            self._memo[key] = value
        return self._memo[key]

    def exists(self, path: str) -> bool:
        key = (path, "exists")
        if key not in self._memo:
            self._memo[key] = self._reader(path) is not None
        return bool(self._memo[key])


def _read_bytes(path: str) -> bytes | None:
    """The file's bytes through poolcheck's safe reader, or None. Most paths the resolvers
    ask about are absent (a `tsconfig.json`/`jsconfig.json` in every folder up from each
    importer): one recorded stat says so, without the reader's `realpath` (a `lstat` per
    path component), which made these probes a fifth of a cold closure on trigger.dev."""
    from ..core import safeio

    if safeio.probe(path) is None:
        return None
    try:
        return safeio.read_bytes(path)
    except (OSError, ValueError):
        return None


class AbsPaths(dict):
    """A path as the run names it (a `Path` or a string) -> its absolute posix string,
    each computed once: the closure asks for every file of the run in every round, and
    `os.path.abspath` cost more than the rest of a round on a 2,000-file tree. One per
    link (it depends on the working directory)."""

    def __init__(self):
        super().__init__()
        cwd = os.getcwd()
        # `abspath` of a plain relative path (what the walk yields: no `.`/`..`/empty
        # segment) is the working directory joined to it: that join is exact without
        # `normpath`; anything else takes `os.path.abspath`.
        self._prefix = cwd + "/" if os.sep == "/" and cwd != "/" and not cwd.endswith("/") else None

    def __missing__(self, path) -> str:
        s = os.fspath(path)
        if self._prefix is not None and s and s[0] != "/" and s[-1] != "/" and "//" not in s \
                and "/." not in "/" + s:
            value = self[path] = self._prefix + s
        else:
            value = self[path] = os.path.abspath(s).replace(os.sep, "/")
        return value


class ModuleIndex:
    """The set of files a specifier may resolve to, with directory lookups. `abs` is the
    link's memo of absolute paths (`AbsPaths`)."""

    def __init__(self, paths: Iterable[str], project_files: ProjectFiles | None = None,
                 abs_paths: AbsPaths | None = None):
        self.abs = abs_paths if abs_paths is not None else AbsPaths()
        self.files: set[str] = {self.abs[p] for p in paths}
        self.project = project_files or ProjectFiles()
        self.resolvers: dict[str, Resolver | None] = {}
        self.dirs: set[str] = set()
        for p in self.files:
            d = p.rsplit("/", 1)[0]
            while d and d not in self.dirs:
                self.dirs.add(d)
                d = d.rsplit("/", 1)[0] if "/" in d else ""

    def __contains__(self, path: str) -> bool:
        return path in self.files

    def is_dir(self, path: str) -> bool:
        return path in self.dirs
