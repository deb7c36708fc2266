"""The workspace a project root belongs to, read from manifests only: which packages a
deployed app runs with, and which apps a package runs in.

A workspace is declared by a folder's package.json `workspaces` (an array, or yarn's
`{"packages": [...]}`), its pnpm-workspace.yaml `packages` or its lerna.json `packages`
(the declarations `linker.workspaces` reads for imports, with the same glob reading). Its
members are the folders those globs select that hold a package.json with a `name`; a
member depends on another when any of its dependency sections names it (devDependencies
included: a Next.js app bundles a workspace package it lists there).

Two questions are asked of it:
- the packages a root runs with (`dependencies`, transitive): an app's process holds the
  clients of the workspace packages it imports (PC103), and a partial run inside the app
  needs the package that builds the shared client (the link's "queries the shared client");
- the apps a package runs in (`dependents`, transitive): a `packages/database` inherits the
  deployment of every app that depends on it, directly or through another package (PC303,
  PC107, ...).

Nothing here walks a member's files: the globs' folders are listed, each member's
package.json is read (stat-keyed, project.packages.read_json), and that is all, so a
one-file run pays a few listdirs for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..core import safeio
from ..vocabulary.layout import SKIP_DIRS
from .packages import read_json
from .roots import up_to_repo_top

# Dependency sections that put a workspace package into a member's process.
_SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")
# Packages whose presence makes a member a database package (it builds a client).
_PRISMA_PACKAGES = ("@prisma/client", "prisma")
_PRISMA_PREFIXES = ("@prisma/adapter-",)
_DECLARING = ("package.json", "pnpm-workspace.yaml", "lerna.json")
_MAX_GLOB_DEPTH = 4   # `packages/**`: members deeper than this are not looked for


@dataclass(frozen=True)
class Member:
    name: str
    folder: str                   # absolute, as os.path.abspath gives it
    requires: frozenset[str]      # every package name its manifest depends on
    prisma: bool                  # depends on a Prisma package or holds a schema


class Workspace:
    def __init__(self, root: str, members: list[Member]):
        self.root = root
        self.members = {m.folder: m for m in members}
        self.by_name: dict[str, Member] = {}
        for m in sorted(members, key=lambda m: m.folder):
            self.by_name.setdefault(m.name, m)
        self._down: dict[str, tuple[str, ...]] = {}
        self._up: dict[str, tuple[str, ...]] = {}

    def dependencies(self, folder: str) -> tuple[str, ...]:
        """The member folders that `folder`'s package depends on, transitively, sorted."""
        hit = self._down.get(folder)
        if hit is None:
            hit = self._down[folder] = self._closure(folder, self._direct_down)
        return hit

    def dependents(self, folder: str) -> tuple[str, ...]:
        """The member folders that depend on `folder`'s package, transitively, sorted."""
        hit = self._up.get(folder)
        if hit is None:
            hit = self._up[folder] = self._closure(folder, self._direct_up)
        return hit

    def _direct_down(self, folder: str) -> list[str]:
        m = self.members.get(folder)
        if m is None:
            return []
        return [d.folder for name in m.requires if (d := self.by_name.get(name)) is not None]

    def _direct_up(self, folder: str) -> list[str]:
        m = self.members.get(folder)
        if m is None:
            return []
        return [o.folder for o in self.members.values() if m.name in o.requires]

    @staticmethod
    def _closure(start: str, step) -> tuple[str, ...]:
        seen: set[str] = set()
        work = [start]
        while work:
            for nxt in step(work.pop()):
                if nxt not in seen and nxt != start:
                    seen.add(nxt)
                    work.append(nxt)
        return tuple(sorted(seen))


class WorkspaceMap:
    """The workspace of each folder, memoised (one per run)."""

    def __init__(self):
        self._declared: dict[str, Workspace | None] = {}
        self._of: dict[str, Workspace | None] = {}

    def of(self, folder: Path | str) -> Workspace | None:
        """The workspace whose members include `folder` (a project root), or None: the
        nearest declaring folder at or above it whose globs select it."""
        folder = os.path.abspath(folder)
        if folder in self._of:
            return self._of[folder]
        found = None
        for current in up_to_repo_top(folder):
            ws = self._workspace_at(current)
            if ws is not None and (folder == current or folder in ws.members):
                found = ws
                break
        self._of[folder] = found
        return found

    def _workspace_at(self, folder: str) -> Workspace | None:
        if folder not in self._declared:
            globs = _declared_globs(folder)
            self._declared[folder] = None if globs is None else Workspace(folder, _members(folder, *globs))
        return self._declared[folder]


def _declared_globs(folder: str) -> tuple[tuple, tuple] | None:
    """(include, exclude) patterns a folder declares, as linker.workspaces reads them."""
    from ..linker.workspaces import _pattern, _pnpm_packages

    # probed by name, not listed: a folder's listing would make every file created in the
    # folders above a project a change to the run (the replay's manifest)
    names = {n for n in _DECLARING if safeio.is_file(os.path.join(folder, n))}
    if not names:
        return None
    globs: list[str] = []
    declared = False
    if "package.json" in names:
        ws = read_json(Path(folder) / "package.json").get("workspaces")
        if isinstance(ws, dict):
            ws = ws.get("packages")
        if isinstance(ws, list):
            declared = True
            globs.extend(g for g in ws if isinstance(g, str))
    if "lerna.json" in names:
        lerna = read_json(Path(folder) / "lerna.json").get("packages")
        if isinstance(lerna, list):
            declared = True
            globs.extend(g for g in lerna if isinstance(g, str))
    if "pnpm-workspace.yaml" in names:
        try:
            raw = safeio.read_bytes(Path(folder) / "pnpm-workspace.yaml")
        except OSError:
            raw = None
        pnpm = _pnpm_packages(raw)
        declared = declared or raw is not None
        globs.extend(pnpm)
    if not declared:
        return None
    include = tuple((g, _pattern(g)) for g in globs if not g.startswith("!"))
    exclude = tuple(_pattern(g[1:]) for g in globs if g.startswith("!"))
    return include, exclude


def _names(folder: str) -> set[str]:
    try:
        return set(safeio.listdir(folder))
    except OSError:
        return set()


def _members(root: str, include: tuple, exclude: tuple) -> list[Member]:
    """Every folder the globs select (listing only the folders a glob can reach) that
    holds a named package.json, and the workspace root itself when it has a name."""
    folders: set[str] = set()
    for glob, pattern in include:
        prefix, depth = _glob_reach(glob)
        start = os.path.join(root, prefix) if prefix else root
        for rel in _folders_below(start, depth):
            rel_to_root = os.path.relpath(rel, root).replace(os.sep, "/")
            if pattern.fullmatch(rel_to_root) and not any(p.fullmatch(rel_to_root) for p in exclude):
                folders.add(rel)
    folders.add(root)
    out = []
    for folder in sorted(folders):
        m = _member(folder)
        if m is not None:
            out.append(m)
    return out


def _glob_reach(glob: str) -> tuple[str, int]:
    """(the literal folder a glob starts in, how many levels below it may match)."""
    from ..linker.workspaces import glob_parts

    literal, rest = glob_parts(glob)
    depth = _MAX_GLOB_DEPTH if any("**" in p for p in rest) else len(rest)
    return "/".join(literal), depth


def _folders_below(start: str, depth: int) -> list[str]:
    """`start` and its subfolders down to `depth` levels (dependency and build folders
    skipped), not below a folder that holds a package.json: a package's own folders are
    its source, not more members (`apps/**` would otherwise list every folder of every
    app)."""
    out = [start] if safeio.is_dir(start) else []
    level = list(out)
    for i in range(depth):
        nxt = []
        for folder in level:
            if (i or folder != start) and safeio.is_file(os.path.join(folder, "package.json")):
                continue
            try:
                entries = safeio.listdir(folder)
            except OSError:
                continue
            for name in sorted(entries):
                if name in SKIP_DIRS or name.startswith("."):
                    continue
                path = os.path.join(folder, name)
                if safeio.is_dir(path):
                    nxt.append(path)
        out.extend(nxt)
        level = nxt
    return out


def _member(folder: str) -> Member | None:
    pkg = Path(folder) / "package.json"
    if not safeio.is_file(pkg):
        return None
    data = read_json(pkg)
    name = data.get("name")
    if not isinstance(name, str):
        return None
    requires: set[str] = set()
    for section in _SECTIONS:
        deps = data.get(section)
        if isinstance(deps, dict):
            requires.update(k for k in deps if isinstance(k, str))
    prisma = any(p in requires for p in _PRISMA_PACKAGES) or \
        any(r.startswith(_PRISMA_PREFIXES) for r in requires)
    if not prisma:
        names = _names(folder)
        prisma = "schema.prisma" in names or "prisma" in names and safeio.is_dir(os.path.join(folder, "prisma"))
    return Member(name, os.path.abspath(folder), frozenset(requires - {name}), prisma)


_ENTRY_FIELDS = ("main", "module")
_INDEX_ENTRIES = ("index", "src/index")


def package_entries(folder: str) -> tuple[str, ...]:
    """The modules a bare `import ... from "<package name>"` loads, as absolute posix paths
    without a source suffix: package.json `exports["."]` (every condition's target),
    `main` and `module`, else `index` or `src/index`."""
    data = read_json(Path(folder) / "package.json")
    targets: list[str] = []
    exports = data.get("exports")
    if isinstance(exports, dict) and "." in exports:
        exports = exports["."]
    elif isinstance(exports, dict) and any(k.startswith(".") for k in exports):
        exports = None
    _string_leaves(exports, targets)
    for key in _ENTRY_FIELDS:
        if isinstance(data.get(key), str):
            targets.append(data[key])
    return _module_keys(folder, targets or list(_INDEX_ENTRIES))


def package_subpaths(folder: str) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """The subpaths package.json `exports` lets other packages import (`./client` ->
    its targets' module keys; a `*` stands for any tail), or None when there is no
    `exports` field (any file of the package may then be imported by its path)."""
    exports = read_json(Path(folder) / "package.json").get("exports")
    if exports is None:
        return None
    if not isinstance(exports, dict):
        return ()
    out = []
    for key, value in exports.items():
        if isinstance(key, str) and key.startswith("./"):
            targets: list[str] = []
            _string_leaves(value, targets)
            out.append((key[2:], _module_keys(folder, targets, keep_star=True)))
    return tuple(out)


def _module_keys(folder: str, targets: list[str], keep_star: bool = False) -> tuple[str, ...]:
    out = []
    for t in targets:
        if "*" in t and not keep_star:
            continue
        path = os.path.normpath(os.path.join(folder, t)).replace(os.sep, "/")
        stem, dot, suffix = path.rpartition(".")
        if dot and "/" not in suffix and suffix in ("ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"):
            path = stem
        if path.endswith(".d"):
            continue   # a `.d.ts` declaration loads nothing
        out.append(path[: -len("/index")] if path.endswith("/index") else path)
    return tuple(dict.fromkeys(out))


def _string_leaves(value, out: list[str], depth: int = 0) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict) and depth < 8:
        for v in value.values():
            _string_leaves(v, out, depth + 1)
    elif isinstance(value, list) and depth < 8:
        for v in value:
            _string_leaves(v, out, depth + 1)
