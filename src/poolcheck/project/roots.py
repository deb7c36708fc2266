"""Project roots, and the one walk up to the repository top.

`up_to_repo_top` is the only place that climbs folders looking for `.git`: the
.gitignore chain (engine.discovery), the project inputs and the Prisma version
(project.packages) and the nearest project root (`RootFinder`) all walk with it, each
from its own starting point (resolved or absolute, as it always did).

A project root is the nearest folder, at or above a file, with a package.json, a
pyproject.toml, a prisma/ folder, a schema.prisma (outside a prisma/ folder) or a
prisma.config.*; the repository top is the root of whatever has no nearer one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from ..core import safeio
from ..vocabulary.layout import ROOT_CONFIG_PREFIX, ROOT_MANIFESTS, ROOT_PRISMA_DIR, ROOT_SCHEMA


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


def _is_root(folder: Path) -> bool:
    try:
        names = set(safeio.listdir(folder))
    except OSError:
        return False
    if any(m in names for m in ROOT_MANIFESTS):
        return True
    if ROOT_SCHEMA in names and folder.name != ROOT_PRISMA_DIR:
        return True
    if ROOT_PRISMA_DIR in names and safeio.is_dir(folder / ROOT_PRISMA_DIR):
        return True
    return any(n.startswith(ROOT_CONFIG_PREFIX) for n in names)


class RootFinder:
    """Nearest project root of a path, memoised per folder. Stops at the repository top
    (a folder with .git), which is the root of whatever has no nearer one."""

    def __init__(self, fallback: Path, given: Iterable[Path] = ()):
        self.fallback = Path(os.path.abspath(fallback))
        # Folders named on the command line: a file with no project root above it
        # belongs to the outermost of them that holds it.
        self.given = sorted((Path(os.path.abspath(p)) for p in given if safeio.is_dir(p)),
                            key=lambda p: len(p.parts))
        self.cache: dict[str, Path] = {}

    def root_of(self, path: Path) -> Path:
        # Plain strings and a per-folder memo: this runs for every file of the tree.
        absolute = os.path.abspath(path)
        folder = os.path.dirname(absolute)
        hit = self.cache.get(folder)
        if hit is not None and not safeio.is_dir(absolute):
            return hit
        if safeio.is_dir(absolute):
            folder = absolute
        seen: list[str] = []
        root: Path | None = None
        for current in up_to_repo_top(folder):
            hit = self.cache.get(current)
            if hit is not None:
                root = hit
                break
            seen.append(current)
            if _is_root(Path(current)):
                root = Path(current)
                break
        else:  # the walk ended at the repository top (a root) or the file-system root
            if seen and safeio.exists(os.path.join(seen[-1], ".git")):
                root = Path(seen[-1])
        if root is None:
            start = Path(folder)
            root = next((g for g in self.given if _is_under(start, g)), None) or \
                (self.fallback if _is_under(start, self.fallback) else start)
        for s in seen:
            self.cache[s] = root
        return root


def _is_under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def roots_to_load(paths: Iterable[Path], found_paths: Iterable[Path],
                  finder: RootFinder) -> list[Path]:
    """Project roots that the walk of `paths` did not cover whole (pre-commit and editors
    pass single files, or a subfolder): these must be walked again to load their context."""
    walked = [Path(os.path.abspath(p)) for p in paths if safeio.is_dir(p)]
    out: set[Path] = set()
    for path in found_paths:
        root = finder.root_of(path)
        if not any(_is_under(root, w) for w in walked):
            out.add(root)
    return sorted(out)
