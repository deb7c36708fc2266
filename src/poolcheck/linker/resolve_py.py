"""Python import resolution against the project's package roots (plan §3.3).

`from X import y` / `import X` in file F, first hit wins:
- relative (`level > 0`): F's package, up `level - 1` folders; `from . import x` names the
  package (`__init__.py`) and, through `submodule`, `./x.py`;
- absolute: the package roots, in order: the parent of the topmost package above F (the
  folders with `__init__.py`), the roots a `pyproject.toml` declares (`[tool.setuptools]
  package-dir`, `[tool.setuptools.packages.find] where`, `[tool.poetry] packages` `from`,
  `[tool.hatch.build.targets.wheel] packages`), then each folder above F with its `src/`
  (the project root, `src/` layouts, apps run from their own folder without a pyproject);
- `a.b` is `a/b.py` or `a/b/__init__.py`; `from a import b` names the submodule `a/b.py`
  when there is one (`submodule`), else the name `b` of `a/__init__.py` (the binder
  follows re-exports there);
- anything else is a package outside the project (`requests`, `httpx`, `stripe`): None.
Only files of the `ModuleIndex` resolve (what discovery found), and only the project files
it reads through `ProjectFiles` (pyproject.toml) are read.
"""

from __future__ import annotations

import os
import re

from ..symbols import Import
from .modules import ModuleIndex, register_resolver


def _pyproject_roots(index: ModuleIndex, folder: str) -> list[str]:
    raw = index.project.raw(f"{folder}/pyproject.toml")
    if raw is None:
        return []
    from ..core.toml import toml

    try:
        data = toml().loads(raw.decode("utf-8", errors="replace"))
    except ValueError:   # TOMLDecodeError
        return []
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    found: list[str] = []
    st = tool.get("setuptools") if isinstance(tool.get("setuptools"), dict) else {}
    pkg_dir = st.get("package-dir")
    if isinstance(pkg_dir, dict) and isinstance(pkg_dir.get(""), str):
        found.append(pkg_dir[""])
    packages = st.get("packages")
    find = packages.get("find") if isinstance(packages, dict) else None
    if isinstance(find, dict) and isinstance(find.get("where"), list):
        found.extend(w for w in find["where"] if isinstance(w, str))
    poetry = tool.get("poetry") if isinstance(tool.get("poetry"), dict) else {}
    for p in poetry.get("packages") or ():
        if isinstance(p, dict) and isinstance(p.get("from"), str):
            found.append(p["from"])
    wheel = tool.get("hatch", {}).get("build", {}).get("targets", {}).get("wheel", {}) \
        if isinstance(tool.get("hatch"), dict) else {}
    for p in (wheel.get("packages") or ()) if isinstance(wheel, dict) else ():
        if isinstance(p, str) and "/" in p:
            found.append(p.rsplit("/", 1)[0])
    return [os.path.normpath(f"{folder}/{f}").replace(os.sep, "/") for f in found]


class PythonResolver:
    def __init__(self, index: ModuleIndex):
        self.index = index
        self._memo: dict[tuple, str | None] = {}
        self._roots: dict[str, tuple[str, ...]] = {}
        self._pyproject: dict[str, list[str]] = {}

    # -- the interface the linker calls ----------------------------------------------
    def resolve(self, importer: str, imp: Import) -> str | None:
        spec, level = _split(imp)
        key = (importer.rsplit("/", 1)[0], spec, level, imp.local == "")
        if key not in self._memo:
            found = self._module(importer, spec, level)
            if found is None and imp.local == "" and "." in spec:
                # an import scanned from bytes names `a.b.name`: the module is `a.b`
                found = self._module(importer, spec.rsplit(".", 1)[0], level)
            self._memo[key] = found
        return self._memo[key]

    def submodule(self, importer: str, imp: Import) -> str | None:
        """`from a import b` where `a/b.py` (or `a/b/__init__.py`) is a module of the project."""
        if imp.imported in ("*", "default", ""):
            return None
        spec, level = _split(imp)
        dotted = f"{spec}.{imp.imported}" if spec else imp.imported
        key = (importer.rsplit("/", 1)[0], dotted, level, "sub")
        if key not in self._memo:
            self._memo[key] = self._module(importer, dotted, level)
        return self._memo[key]

    # -- search ------------------------------------------------------------------------
    def _module(self, importer: str, dotted: str, level: int) -> str | None:
        if level > 0:
            base = importer.rsplit("/", 1)[0]
            for _ in range(level - 1):
                base = base.rsplit("/", 1)[0]
            return self._file(base, dotted) if dotted else self._init(base)
        if not dotted:
            return None
        for root in self.roots(importer):
            hit = self._file(root, dotted)
            if hit is not None:
                return hit
        return None

    def _file(self, root: str, dotted: str) -> str | None:
        stem = f"{root}/{dotted.replace('.', '/')}"
        for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
            if candidate in self.index:
                return candidate
        return None

    def _init(self, folder: str) -> str | None:
        candidate = f"{folder}/__init__.py"
        return candidate if candidate in self.index else None

    def roots(self, importer: str) -> tuple[str, ...]:
        folder = importer.rsplit("/", 1)[0]
        if folder in self._roots:
            return self._roots[folder]
        top = folder
        while self._init(top) is not None and "/" in top:
            top = top.rsplit("/", 1)[0]
        out = [top] if top != folder or self._init(folder) is not None else []
        d = folder
        while d:
            if d not in self._pyproject:
                self._pyproject[d] = _pyproject_roots(self.index, d) if self.index.is_dir(d) else []
            out.extend(self._pyproject[d])
            out.extend((d, f"{d}/src"))
            if "/" not in d:
                break
            d = d.rsplit("/", 1)[0]
        seen: dict[str, None] = {}
        for r in out:
            if self.index.is_dir(r):
                seen.setdefault(r, None)
        self._roots[folder] = tuple(seen)
        return self._roots[folder]


def _split(imp: Import) -> tuple[str, int]:
    """(dotted module, level): a specifier written with its dots (`..models`) counts them."""
    spec, level = imp.specifier, imp.level
    if not level and spec.startswith("."):
        stripped = spec.lstrip(".")
        level, spec = len(spec) - len(stripped), stripped
    return spec, level


register_resolver("python", PythonResolver)


# -- the byte scan of a file without symbols (the closure's approximate import graph) -------

_PY_FROM = re.compile(rb"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)", re.M)
_PY_IMPORT = re.compile(rb"^[ \t]*import[ \t]+([\w. \t,]+)", re.M)


def scan(data: bytes) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(module specifiers, (specifier, imported name) pairs) of `from .x import a, b` (names
    in parentheses may span lines; relative modules keep their dots) and `import a.b as c`
    ("*": the whole module)."""
    specs: dict[str, None] = {}
    names: dict[tuple[str, str], None] = {}
    for m in _PY_FROM.finditer(data):
        module = m.group(1).decode("utf-8", errors="replace")
        specs.setdefault(module, None)
        for name in m.group(2).decode("utf-8", errors="replace").strip("()").replace("\\", " ").split(","):
            name = name.split(" as ")[0].strip()
            if name.isidentifier():
                names.setdefault((module, name), None)
    for m in _PY_IMPORT.finditer(data):
        for name in m.group(1).decode("utf-8", errors="replace").split(","):
            name = name.split(" as ")[0].strip()
            if name:
                specs.setdefault(name, None)
                names.setdefault((name, "*"), None)
    return tuple(specs), tuple(names)


def written(imp: Import) -> str:
    """The specifier as written, dots included (`from ..db import x` -> "..db")."""
    return "." * imp.level + imp.specifier


def could_name(spec: str, imported: str, path: str) -> bool:
    """Whether `from spec import imported` / `import spec` could name the module `path`:
    its stem (or its package's name for an `__init__.py`) is the specifier's last segment
    or the imported name (a submodule). Spares resolving every import of the tree."""
    stem = path.rsplit("/", 1)[-1][:-3] if path.endswith(".py") else path.rsplit("/", 1)[-1]
    names = {stem} if stem != "__init__" else {path.rsplit("/", 2)[-2]}
    last = spec.rstrip(".").rsplit(".", 1)[-1] if spec.strip(".") else ""
    return last in names or imported in names or not last
