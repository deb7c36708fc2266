"""Project roots, and the one walk up to the repository top.

`up_to_repo_top` is the only place that climbs folders looking for `.git`: the
.gitignore chain (engine.discovery), the project inputs and the Prisma version
(project.packages) and the nearest project root (`RootFinder`) all walk with it, each
from its own starting point (resolved or absolute, as it always did).

A project root is the nearest folder, at or above a file, with a package.json, a
pyproject.toml, a prisma/ folder holding a schema, a schema.prisma (outside a prisma/ folder,
and not the one a package.json above declares as its `prisma.schema`: Blitz's `db/`) or a
prisma.config.*; the repository top is the root of whatever has no nearer one."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Iterator

from ..core import safeio
from ..vocabulary.layout import ROOT_CONFIG_PREFIX, ROOT_MANIFESTS, ROOT_PRISMA_CONTENTS, ROOT_PRISMA_DIR, ROOT_SCHEMA


def up_to_repo_top(folder: str) -> Iterator[str]:
    """`folder`, then each parent, up to and including the repository top (the first
    folder with a `.git`), or up to the file-system root when there is none. Lazy: a
    caller that finds what it looks for on the way stops walking."""
    current = folder
    while True:
        yield current
        if safeio.exists(os.path.join(current, ".git")):
            return
        parent = os.path.dirname(current)
        if parent == current:
            return
        current = parent


def repo_top(folder: Path) -> Path | None:
    """The repository top at or above `folder` (the nearest folder with a `.git`), or None."""
    last = str(folder)
    for last in up_to_repo_top(str(folder)):
        pass
    return Path(last) if safeio.exists(os.path.join(last, ".git")) else None


def _is_root(folder: str) -> bool:
    try:
        names = set(safeio.listdir(folder))
    except OSError:
        return False
    if any(m in names for m in ROOT_MANIFESTS):
        return True
    if ROOT_SCHEMA in names and os.path.basename(folder) != ROOT_PRISMA_DIR:
        return not _declared_above(folder)
    if ROOT_PRISMA_DIR in names and _holds_schema(os.path.join(folder, ROOT_PRISMA_DIR)):
        return True
    return any(n.startswith(ROOT_CONFIG_PREFIX) for n in names)


def _declared_above(folder: str) -> bool:
    """The nearest package.json above names this folder's schema as its own (`"prisma":
    {"schema": "db/schema.prisma"}`, Blitz's `db/`): the folder is part of that project."""
    for current in up_to_repo_top(os.path.dirname(folder)):
        manifest = os.path.join(current, "package.json")
        if not safeio.is_file(manifest):
            continue
        try:   # project.packages reads manifests, but imports this module: read it here
            data = json.loads(safeio.read_text(manifest, encoding="utf-8-sig", errors="replace"))
        except (OSError, ValueError, RecursionError):
            return False
        prisma = data.get("prisma") if isinstance(data, dict) else None
        schema = prisma.get("schema") if isinstance(prisma, dict) else None
        return isinstance(schema, str) and is_under(os.path.normpath(os.path.join(current, schema)), folder)
    return False


def _holds_schema(prisma_dir: str) -> bool:
    """A prisma/ folder of a schema (`*.prisma`, a multi-file `schema/`, `migrations/`),
    not a code folder that happens to be named so (`src/lib/prisma/client.ts`)."""
    try:
        names = safeio.listdir(prisma_dir)
    except OSError:
        return False
    return any(n.endswith(".prisma") or n in ROOT_PRISMA_CONTENTS for n in names)


def is_under(path: str, folder: str) -> bool:
    """`path` is `folder` or below it (absolute, normalised strings)."""
    return path == folder or path.startswith(folder if folder.endswith(os.sep) else folder + os.sep)


class RootFinder:
    """Nearest project root of a path, memoised per folder. Stops at the repository top
    (a folder with .git), which is the root of whatever has no nearer one.

    Folders are plain absolute strings and each root is one Path object (the same one
    for every file of its project): this runs for every file of the tree, in every run."""

    def __init__(self, fallback: Path, given: Iterable[Path] = ()):
        self.fallback = Path(os.path.abspath(fallback))
        self._fallback = str(self.fallback)
        # Folders named on the command line: a file with no project root above it
        # belongs to the outermost of them that holds it.
        self.given = sorted((os.path.abspath(p) for p in given if safeio.is_dir(p)),
                            key=lambda p: len(Path(p).parts))
        self.cache: dict[str, Path] = {}
        self._paths: dict[str, Path] = {}
        self._named: dict[str, Path] = {}  # root_of_file's memo: folder as named -> root

    def root_of(self, path: Path | str) -> Path:
        """The project root of a file, or of a folder (its own root when it is one)."""
        absolute = os.path.abspath(path)
        if safeio.is_dir(absolute):
            return self._root_of_folder(absolute)
        return self._root_of_folder(os.path.dirname(absolute))

    def root_of_file(self, path: Path | str) -> Path:
        """`root_of` for a path known to name a file (the walk found it, or an editor's
        buffer): no stat, and one absolute path per folder as the path names it."""
        named = os.path.dirname(path)
        hit = self._named.get(named)
        if hit is None:
            hit = self._named[named] = self._root_of_folder(os.path.dirname(os.path.abspath(path)))
        return hit

    def _root_of_folder(self, folder: str) -> Path:
        hit = self.cache.get(folder)
        if hit is not None:
            return hit
        seen: list[str] = []
        root: str | Path | None = None
        for current in up_to_repo_top(folder):
            hit = self.cache.get(current)
            if hit is not None:
                root = hit
                break
            seen.append(current)
            if _is_root(current):
                root = current
                break
        else:  # the walk ended at the repository top (a root) or the file-system root
            if seen and safeio.exists(os.path.join(seen[-1], ".git")):
                root = seen[-1]
        if root is None:
            root = next((g for g in self.given if is_under(folder, g)), None) or \
                (self._fallback if is_under(folder, self._fallback) else folder)
        if isinstance(root, str):
            root = self._paths.get(root) or self._paths.setdefault(root, Path(root))
        for s in seen:
            self.cache[s] = root
        return root


def roots_to_load(paths: Iterable[Path], found_paths: Iterable[Path],
                  finder: RootFinder) -> list[Path]:
    """Project roots that the walk of `paths` did not cover whole (pre-commit and editors
    pass single files, or a subfolder): these must be walked to load their context."""
    walked = [os.path.abspath(p) for p in paths if safeio.is_dir(p)]
    covered: dict[Path, bool] = {}
    out: set[Path] = set()
    for path in found_paths:
        root = finder.root_of_file(path)
        hit = covered.get(root)
        if hit is None:
            text = str(root)
            hit = covered[root] = any(is_under(text, w) for w in walked)
        if not hit:
            out.add(root)
    return sorted(out)
