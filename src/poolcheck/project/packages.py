"""What a project's package files say: the Prisma version (config, package.json, pnpm
catalogs, lockfiles), the runtime (Node or Python), and the stats of every file those
answers depend on (`project_inputs`, the result cache's key). Every reader caches what it
reads by path and modification time."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from ..core import safeio
from ..vocabulary.layout import LOCKFILES, PYTHON_MARKERS
from .roots import up_to_repo_top

if TYPE_CHECKING:
    from ..config import Settings


_MAJOR = re.compile(r"(\d+)")


def _stat_key(path: Path) -> tuple[int, int] | None:
    st = safeio.probe(path)
    if st is None:
        return None
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=256)
def _read_json(path: Path, key: tuple[int, int] | None) -> dict:
    if key is None:
        return {}
    try:
        data = json.loads(safeio.read_text(path, encoding="utf-8-sig"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: nested deeper than the decoder's stack (a 2 KB file can be); the
        # deploy front-end reports that file as PC900, rules read it as empty.
        return {}
    return data if isinstance(data, dict) else {}


def read_json(path: Path) -> dict:
    return _read_json(path, _stat_key(path))


@lru_cache(maxsize=256)
def _read_text(path: Path, key: tuple[int, int] | None) -> str:
    if key is None:
        return ""
    try:
        return safeio.read_text(path, encoding="utf-8-sig", errors="replace")
    except OSError:
        return ""


_INPUT_NAMES = ("package.json", "pnpm-workspace.yaml", *LOCKFILES, *PYTHON_MARKERS)


def project_inputs(folder: Path, memo: dict | None = None) -> tuple:
    """(path, mtime, size) of every file that prisma_version() and detect_runtime() may read
    for code in `folder`: package.json, lockfiles and Python project markers in it and its
    ancestors up to the repository top. A result computed from these stays valid while
    this tuple is unchanged (the result cache and the version cache key on it)."""
    memo = {} if memo is None else memo
    key = os.path.abspath(folder)
    if key in memo:
        return memo[key]
    walked: list[str] = []
    above: tuple = ()
    for current in up_to_repo_top(key):
        if current in memo:
            above = memo[current]
            break
        walked.append(current)
    for current in reversed(walked):
        above = memo[current] = _own_inputs(current) + above
    return memo[key]


def _own_inputs(folder: str) -> tuple:
    """The input files in one folder: the folder is listed once (a file created in it
    changes the folder's stat, which the replay records), and only the names present are
    stat'ed, not the twelve names in turn (most folders hold none of them). Names are
    matched ignoring case, as a case-insensitive file system would open them."""
    try:
        present = {n.lower() for n in safeio.listdir(folder)}
    except (OSError, ValueError):
        present = None  # not listable: ask for each name, as before
    own = []
    for name in _INPUT_NAMES:
        if present is not None and name.lower() not in present:
            continue
        st = safeio.probe(os.path.join(folder, name))
        if st is None:
            continue
        own.append((os.path.join(folder, name), st.st_mtime_ns, st.st_size))
    return tuple(own)


def _ancestors(start: Path) -> Iterator[Path]:
    """The folder of `start` (symlinks resolved) and its parents up to the repository top."""
    start = start if safeio.is_dir(start) else start.parent
    return (Path(folder) for folder in up_to_repo_top(str(start.resolve())))


def nearest(start: Path, names: Iterable[str]) -> Path | None:
    names = tuple(names)
    for folder in _ancestors(start):
        for name in names:
            if safeio.is_file(folder / name):
                return folder / name
    return None


def detect_runtime(path: Path) -> str:
    """"python" when the nearest project marker is a Python one, else "node"."""
    for folder in _ancestors(Path(path)):
        if safeio.is_file(folder / "package.json"):
            return "node"
        if any(safeio.is_file(folder / m) for m in PYTHON_MARKERS):
            return "python"
    return "node"


@dataclass(frozen=True)
class PrismaVersion:
    major: int | None          # None: unknown
    source: str                # "config", "package.json", "pnpm-lock.yaml", "python", "unknown"
    python: bool = False       # prisma-client-py: honours URL pool parameters like Prisma <= 6

    @property
    def adapters_only(self) -> bool:
        """Prisma 7: the schema may not hold URLs, clients use driver adapters."""
        return self.major is not None and self.major >= 7

    @property
    def engine_reads_url_params(self) -> bool:
        return self.python or not self.adapters_only


def major_version(spec: object) -> int | None:
    if not isinstance(spec, str):
        return None
    spec = spec.strip()
    if spec.startswith(("workspace:", "file:", "link:", "git", "http")) or spec in ("latest", "*", "next", ""):
        return None
    if spec.startswith("npm:"):
        spec = spec.rsplit("@", 1)[-1]
    m = _MAJOR.search(spec)
    return int(m.group(1)) if m else None


def _from_lockfile(folder: Path, package: Path | None = None) -> tuple[int | None, str]:
    """Prisma's major version in the lockfile at `folder`: for pnpm, the importer entry of
    `package` (the workspace package asking) when there is one, else the first entry."""
    if package is not None and package != folder:
        pnpm = folder / "pnpm-lock.yaml"
        text = _read_text(pnpm, _stat_key(pnpm))
        if text:
            try:
                rel = package.relative_to(folder).as_posix()
            except ValueError:
                rel = None
            major = _pnpm_importer(text, rel) if rel else None
            if major is not None:
                return major, pnpm.name
    lock = folder / "package-lock.json"
    data = read_json(lock)
    if data:
        packages = data.get("packages") or {}
        for name in ("node_modules/prisma", "node_modules/@prisma/client"):
            entry = packages.get(name)
            if isinstance(entry, dict) and major_version(entry.get("version")):
                return major_version(entry.get("version")), lock.name
        deps = data.get("dependencies") or {}
        for name in ("prisma", "@prisma/client"):
            entry = deps.get(name)
            if isinstance(entry, dict) and major_version(entry.get("version")):
                return major_version(entry.get("version")), lock.name
    for name, pattern in _LOCK_PATTERNS:
        major = _lock_major(folder / name, _stat_key(folder / name), pattern)
        if major is not None:
            return major, name
    return None, ""


# Where each lockfile names Prisma's resolved version (the first match wins).
_LOCK_PATTERNS = (
    ("pnpm-lock.yaml", re.compile(r"(?m)^\s+'?/?(?:@prisma/client|prisma)@(\d+)\.\d+")),
    ("yarn.lock", re.compile(r'(?m)^"?(?:@prisma/client|prisma)@[^\n]*\n\s+version:?\s+"?(\d+)\.')),
    ("bun.lock", re.compile(r'"(?:@prisma/client|prisma)":\s*\["(?:@prisma/client|prisma)@(\d+)\.')),
)


@lru_cache(maxsize=256)
def _lock_major(path: Path, key: tuple[int, int] | None, pattern: "re.Pattern[str]") -> int | None:
    """The major version `pattern` finds in the lockfile at `path`, searched once per
    (path, stat): every project of a monorepo asks the root lockfile (trigger.dev: 51
    projects, each search of its multi-megabyte pnpm-lock.yaml ~1.5 ms)."""
    text = _read_text(path, key)
    m = pattern.search(text) if text else None
    return int(m.group(1)) if m else None


def prisma_version(start: Path, settings: "Settings | None" = None) -> PrismaVersion:
    """The Prisma major version for a file or folder: config `prisma-version` first, then the
    nearest package.json (dependencies, devDependencies), then its lockfile; a Python project
    without package.json uses prisma-client-py."""
    option = settings.option("prisma-version") if settings is not None else "auto"
    if option not in (None, "", "auto"):
        return PrismaVersion(major_version(str(option)), "config")
    start = Path(start).resolve()
    folder = start if safeio.is_dir(start) else start.parent
    # Keyed on the stats of the files it reads, so a long-running editor session sees an
    # upgrade in package.json.
    return _prisma_version(start, project_inputs(folder))


class FilePackage:
    """What file rules read of a file's package (facts.PackageView): the Prisma version,
    looked up on first use only (most files have no URL to judge), with the stat-keyed
    inputs of prisma_version."""

    def __init__(self, path: Path, settings: "Settings | None"):
        self._path, self._settings = path, settings
        self._version: PrismaVersion | None = None

    @property
    def prisma(self) -> PrismaVersion:
        if self._version is None:
            self._version = prisma_version(self._path, self._settings)
        return self._version

    @property
    def engine_reads_url_params(self) -> bool:
        return self.prisma.engine_reads_url_params


PRISMA_PACKAGES = ("prisma", "@prisma/client")  # never an adapter's version (@prisma/adapter-pg)


@lru_cache(maxsize=256)
def _prisma_version(start: Path, _inputs: tuple = ()) -> PrismaVersion:
    """The version of the package that holds `start`: its own package.json, resolving
    `catalog:` through pnpm-workspace.yaml and `workspace:`/ranges through the lockfile
    of the workspace (pnpm's importers entry for that package first), never the version
    of another workspace package or of an adapter package."""
    package: Path | None = None   # the package.json folder that names Prisma without a version
    for folder in _ancestors(start):
        pkg = folder / "package.json"
        if safeio.is_file(pkg):
            data = read_json(pkg)
            if package is None:
                named = False
                for section in ("dependencies", "devDependencies"):
                    deps = data.get(section) or {}
                    if not isinstance(deps, dict):
                        continue
                    for name in PRISMA_PACKAGES:
                        spec = deps.get(name)
                        if spec is None:
                            continue
                        named = True
                        major = major_version(spec)
                        if major is None and isinstance(spec, str) and spec.startswith("catalog:"):
                            major = _from_catalog(folder, name, spec[len("catalog:"):])
                        if major is not None:
                            return PrismaVersion(major, "package.json")
                if named:
                    package = folder
            major, source = _from_lockfile(folder, package)
            if major is not None:
                return PrismaVersion(major, source)
        if any(safeio.is_file(folder / m) for m in PYTHON_MARKERS) and not safeio.is_file(pkg) \
                and package is None:
            return PrismaVersion(None, "python", python=True)
    return PrismaVersion(None, "package.json" if package is not None else "unknown")


def _from_catalog(start: Path, name: str, catalog: str) -> int | None:
    """`"prisma": "catalog:"` (or `catalog:name`): the version pnpm-workspace.yaml's
    `catalog:` / `catalogs:` section gives it."""
    import yaml

    from ..yamlread import _loader

    for folder in _ancestors(start):
        ws = folder / "pnpm-workspace.yaml"
        if not safeio.is_file(ws):
            continue
        try:
            data = yaml.load(_read_text(ws, _stat_key(ws)), Loader=_loader())
        except yaml.YAMLError:
            return None
        if not isinstance(data, dict):
            return None
        table = data.get("catalog") if catalog in ("", "default") else None
        if not isinstance(table, dict):
            catalogs = data.get("catalogs")
            table = catalogs.get(catalog or "default") if isinstance(catalogs, dict) else None
        value = table.get(name) if isinstance(table, dict) else None
        return major_version(str(value)) if value is not None else None
    return None


def _pnpm_importer(text: str, rel: str) -> int | None:
    """The version pnpm's lockfile resolved for Prisma in the importer `rel` (apps/web)."""
    m = re.search(rf"(?m)^  '?{re.escape(rel)}'?:\n((?:    .*\n|\n)*)", text)
    if not m:
        return None
    block = m.group(1)
    v = re.search(r"(?m)^\s+'?(?:@prisma/client|prisma)'?:\n\s+specifier: .*\n\s+version: '?(\d+)\.", block)
    return int(v.group(1)) if v else None
