"""Workspace members: which packages a bare specifier may resolve to from an importer.

A workspace is declared by a folder's package.json `workspaces` (an array, or yarn's
`{ "packages": [...] }`), its `pnpm-workspace.yaml` `packages`, or its `lerna.json`
`packages`. An importer belongs to the nearest such folder above its own package whose
globs include that package (or which is that package). Its bare specifiers resolve only to
that workspace's members (the declaring folder and the packages its globs select, `!`
globs excluded): two unrelated projects in one run (two turborepo templates, both with an
`@repo/db`) are never linked together. An importer in no declared workspace resolves only
to its own package (a package importing itself by name).

Reads only the project files of the `ModuleIndex` (`ProjectFiles`).
"""

from __future__ import annotations

import posixpath
import re

from .modules import ModuleIndex


class Workspaces:
    def __init__(self, index: ModuleIndex):
        self.index = index
        self.packages: list[tuple[str, str]] = []   # (name, folder) of every named package of the run
        for f in sorted(index.files):
            if f.endswith("/package.json"):
                data = index.project.json(f)
                if isinstance(data, dict) and isinstance(data.get("name"), str):
                    self.packages.append((data["name"], posixpath.dirname(f)))
        self._globs: dict[str, tuple | None] = {}
        self._members: dict[str | None, dict[str, str]] = {}
        self._of_folder: dict[str, str | None] = {}

    def packages_for(self, folder: str) -> dict[str, str]:
        """name -> folder of the packages a file in `folder` may import by name."""
        root = self._workspace_of(folder)
        if root not in self._members:
            if root is None:
                self._members[root] = {}
            else:
                include, exclude = self._globs[root] or ((), ())
                members: dict[str, str] = {}
                for name, f in self.packages:
                    if f == root or _inside(f, root) and _matches(f[len(root) + 1:], include) \
                            and not _matches(f[len(root) + 1:], exclude):
                        members.setdefault(name, f)
                self._members[root] = members
        if root is None:   # no workspace: its own package only
            own = self._package_folder(folder)
            return {n: f for n, f in self.packages if f == own}
        return self._members[root]

    def scope_of(self, folder: str) -> tuple:
        """What decides `packages_for(folder)`: equal scopes, equal members (a memo key)."""
        root = self._workspace_of(folder)
        return ("workspace", root) if root is not None else ("package", self._package_folder(folder))

    def _workspace_of(self, folder: str) -> str | None:
        if folder in self._of_folder:
            return self._of_folder[folder]
        own = self._package_folder(folder)
        found = None
        here = own
        while here:
            globs = self._declared(here)
            if globs is not None and (here == own or own is not None and _matches(own[len(here) + 1:], globs[0])
                                      and not _matches(own[len(here) + 1:], globs[1])):
                found = here
                break
            parent = posixpath.dirname(here)
            here = parent if parent != here else ""
        self._of_folder[folder] = found
        return found

    def _package_folder(self, folder: str) -> str | None:
        here = folder
        while here:
            if f"{here}/package.json" in self.index.files:
                return here
            parent = posixpath.dirname(here)
            here = parent if parent != here else ""
        return None

    def _declared(self, folder: str) -> tuple | None:
        """(include globs, exclude globs) a folder declares, or None."""
        if folder in self._globs:
            return self._globs[folder]
        globs: list[str] = []
        data = self.index.project.json(f"{folder}/package.json")
        ws = data.get("workspaces") if isinstance(data, dict) else None
        if isinstance(ws, dict):
            ws = ws.get("packages")
        if isinstance(ws, list):
            globs.extend(g for g in ws if isinstance(g, str))
        lerna = self.index.project.json(f"{folder}/lerna.json")
        if isinstance(lerna, dict) and isinstance(lerna.get("packages"), list):
            globs.extend(g for g in lerna["packages"] if isinstance(g, str))
        globs.extend(_pnpm_packages(self.index.project.raw(f"{folder}/pnpm-workspace.yaml")))
        declared = None
        if globs or ws is not None:
            include = tuple(_pattern(g) for g in globs if not g.startswith("!"))
            exclude = tuple(_pattern(g[1:]) for g in globs if g.startswith("!"))
            declared = (include, exclude)
        self._globs[folder] = declared
        return declared


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder + "/")


def _matches(rel: str, patterns) -> bool:
    return any(p.fullmatch(rel) for p in patterns)


def glob_parts(glob: str) -> tuple[list[str], list[str]]:
    """(the literal folders a glob starts with, the rest): `packages/*` -> (["packages"],
    ["*"]); `./src/**/*.ts` -> (["src"], ["**", "*.ts"]). Workspace member globs
    (project.workspace) and tsconfig `include` entries (resolve_ts) are read this way."""
    parts = [p for p in glob.strip().rstrip("/").split("/") if p not in ("", ".")]
    literal = []
    for p in parts:
        if any(ch in p for ch in "*?[{"):
            break
        literal.append(p)
    return literal, parts[len(literal):]


def _pattern(glob: str):
    """A workspace glob (`packages/*`, `apps/**`, `./tools/x`) as an expression over a
    folder's path relative to the workspace root."""
    glob = glob.strip().rstrip("/")
    while glob.startswith("./"):
        glob = glob[2:]
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            if glob.startswith("/", i):
                out[-1] = "(?:.*/)?"
                i += 1
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out))


def _pnpm_packages(raw: bytes | None) -> list[str]:
    if raw is None:
        return []
    try:
        import yaml

        from ..yamlread import _loader

        data = yaml.load(raw.decode("utf-8", errors="replace"), Loader=_loader())
    except Exception:   # a broken pnpm-workspace.yaml declares nothing (yaml.YAMLError & co)
        return []
    packages = data.get("packages") if isinstance(data, dict) else None
    return [p for p in packages if isinstance(p, str)] if isinstance(packages, list) else []
