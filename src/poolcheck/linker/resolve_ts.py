"""TS/JS module resolution against the module index, the way TypeScript and bundlers do it.

First hit wins, memoised per (importer's folder, specifier):
1. relative `./x`, `../x`: the path, then with each code extension, then `x/index.*`; a
   written `.js`/`.mjs`/`.cjs`/`.jsx` also tries `.ts`/`.mts`/`.cts`/`.tsx` (TS ESM);
2. `paths` of the governing tsconfig.json/jsconfig.json (the nearest one above the
   importer; `extends` followed, relative or a workspace package, child over parent,
   cycles stopped): one-`*` patterns, longest prefix first, each target against `baseUrl`
   (or, without one, the folder of the config that sets `paths`); a solution-style
   config (no options of its own, `references`: Vite's and Vue's templates) gives way to
   the referenced project whose `include` holds the importer, else its first one;
3. `baseUrl` alone: `baseUrl/x`;
4. workspace packages (the discovered package.json files with a `name` that are members
   of the importer's workspace, `workspaces.py`): `exports` (string,
   subpath keys, `./*` patterns, conditions), else `module`/`main`/`types`, else
   `src/index.*`/`index.*`; a target in a build folder (`dist/x.js`) maps to its
   discovered `src/x.ts` twin;
5. anything else is a package outside the project: None.
"""

from __future__ import annotations

import posixpath

from ..symbols import Import
from ..vocabulary.frameworks_js import FRAMEWORK_ALIASES
from .modules import ModuleIndex, register_resolver
from .package_exports import export_target

EXTENSIONS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".svelte", ".astro")
JS_TO_TS = {".js": (".ts", ".tsx"), ".jsx": (".tsx",), ".mjs": (".mts",), ".cjs": (".cts",)}
BUILD_FOLDERS = ("dist/", "build/", "lib/", "out/", "esm/", "cjs/")
CONFIG_NAMES = ("tsconfig.json", "jsconfig.json")


_MISS = object()
_ALIAS_PREFIXES = tuple(prefix for prefix, _, _ in FRAMEWORK_ALIASES)


class TsResolver:
    """Paths are absolute, normalised posix strings (the module index's): folders and joins
    are string operations, each answer memoised (a relative specifier per folder, any other
    per governing config: most of a monorepo's imports are of a few packages)."""

    def __init__(self, index: ModuleIndex):
        self.index = index
        self._memo: dict[tuple[str, str], str | None] = {}
        self._by_config: dict[tuple[int, tuple, str], str | None] = {}
        self._config_of_dir: dict[str, dict | None] = {}
        self._folder_scope: dict[str, tuple] = {}   # folder -> (config, its id, workspace scope)
        self._packages: dict[str, str] | None = None
        self._workspaces = None

    def resolve(self, importer: str, imp: Import) -> str | None:
        cut = importer.rfind("/")
        folder = importer[:cut] if cut > 0 else posixpath.dirname(importer)
        key = (folder, imp.specifier)
        hit = self._memo.get(key, _MISS)
        if hit is _MISS:
            hit = self._memo[key] = self._resolve(folder, imp.specifier)
        return hit

    def _resolve(self, folder: str, spec: str) -> str | None:
        if not spec:
            return None
        if spec.startswith(("./", "../")) or spec in (".", ".."):
            return self.file(_join(folder, spec))
        # The answer depends on the governing config and on the importer's workspace (its
        # members are the packages it may import by name): one memo entry per pair.
        scope = self._folder_scope.get(folder)
        if scope is None:
            config = self.config(folder)
            scope = self._folder_scope[folder] = (config, id(config) if config is not None else 0,
                                                  self._scope(folder))
        config, config_id, workspace = scope
        if spec.startswith(_ALIAS_PREFIXES):   # depends on the app root above: per folder only
            return self._bare(config, spec, folder)
        key = (config_id, workspace, spec)
        hit = self._by_config.get(key, _MISS)
        if hit is _MISS:
            hit = self._by_config[key] = self._bare(config, spec, folder)
        return hit

    def _bare(self, config: dict | None, spec: str, folder: str) -> str | None:
        """A specifier that is not relative: `paths`, `baseUrl`, then a workspace package."""
        if config is not None:
            for prefix, suffix, targets, star in config["paths"]:
                if star:
                    if not (spec.startswith(prefix) and spec.endswith(suffix)
                            and len(spec) >= len(prefix) + len(suffix)):
                        continue
                    middle = spec[len(prefix):len(spec) - len(suffix)]
                elif spec != prefix:
                    continue
                else:
                    middle = ""
                for target in targets:
                    hit = self.file(target.replace("*", middle, 1))
                    if hit is not None:
                        return hit
            if config["baseUrl"]:
                hit = self.file(posixpath.normpath(posixpath.join(config["baseUrl"], spec)))
                if hit is not None:
                    return hit
        hit = self._framework_alias(spec, folder)
        return hit if hit is not None else self.package(spec, folder)

    def _framework_alias(self, spec: str, folder: str) -> str | None:
        """`$lib/x` of SvelteKit, `~/x` of Nuxt: aliases the framework's generated config
        defines (`vocabulary.frameworks_js.FRAMEWORK_ALIASES`), against the app root above."""
        for prefix, markers, folders in FRAMEWORK_ALIASES:
            if not spec.startswith(prefix):
                continue
            d = folder
            while d and d != "/":
                if any(f"{d}/{m}" in self.index.files for m in markers):
                    for sub in folders:
                        hit = self.file(f"{d}/{sub}{spec[len(prefix):]}")
                        if hit is not None:
                            return hit
                    break
                d = posixpath.dirname(d)
        return None

    # -- files -----------------------------------------------------------------------
    def file(self, base: str) -> str | None:
        files = self.index.files
        stem, ext = _splitext(base)
        if ext in EXTENSIONS and base in files:
            return base
        for alt in JS_TO_TS.get(ext, ()):
            if stem + alt in files:
                return stem + alt
        for e in EXTENSIONS:
            if base + e in files:
                return base + e
        if self.index.is_dir(base):
            for e in EXTENSIONS:
                if f"{base}/index{e}" in files:
                    return f"{base}/index{e}"
        return None

    # -- tsconfig / jsconfig ---------------------------------------------------------
    def config(self, folder: str) -> dict | None:
        """The compiler options that govern files of `folder` (nearest config upwards)."""
        chain = []
        d = folder
        found = None
        while True:
            if d in self._config_of_dir:
                found = self._config_of_dir[d]
                break
            chain.append(d)
            hit = next((f"{d}/{n}" for n in CONFIG_NAMES if self.index.project.exists(f"{d}/{n}")), None)
            if hit is not None:
                found = self._load(hit, set())
                break
            parent = posixpath.dirname(d)
            if parent == d:
                break
            d = parent
        for c in chain:
            self._config_of_dir[c] = found
        return _referenced(found, folder) if found is not None and found.get("references") else found

    def _load(self, path: str, seen: set) -> dict:
        """{"baseUrl": abs or None, "paths": [(prefix, suffix, [abs targets])]} of one config."""
        out = {"baseUrl": None, "paths": []}
        if path in seen or len(seen) > 16:
            return out
        seen.add(path)
        data = self.index.project.json(path, jsonc=True)
        if not isinstance(data, dict):
            return out
        here = posixpath.dirname(path)
        extends = data.get("extends")
        for parent in ([extends] if isinstance(extends, str) else extends if isinstance(extends, list) else []):
            ppath = self._extends_path(here, parent) if isinstance(parent, str) else None
            if ppath is not None:
                inherited = self._load(ppath, seen)
                out = {"baseUrl": inherited["baseUrl"] or out["baseUrl"],
                       "paths": inherited["paths"] or out["paths"], "raw_paths": inherited.get("raw_paths")}
        options = data.get("compilerOptions") if isinstance(data.get("compilerOptions"), dict) else {}
        if isinstance(options.get("baseUrl"), str):
            out["baseUrl"] = posixpath.normpath(posixpath.join(here, options["baseUrl"]))
        raw = options.get("paths") if isinstance(options.get("paths"), dict) else None
        if raw is not None:
            out["raw_paths"] = (raw, here)
        if not raw and not out.get("raw_paths") and not out["paths"] and not out["baseUrl"]:
            # a solution-style config (`"files": [], "references": [...]`, Vite's and Vue's
            # templates): the referenced projects' options govern their own files
            out["references"] = self._references(here, data.get("references"), seen)
        if out.get("raw_paths"):
            raw, defined_in = out["raw_paths"]
            base = out["baseUrl"] or defined_in
            patterns = []
            for pattern, targets in raw.items():
                if not isinstance(pattern, str) or not isinstance(targets, list):
                    continue
                star = "*" in pattern
                prefix, _, suffix = pattern.partition("*")
                abs_targets = [posixpath.normpath(posixpath.join(base, t)) for t in targets if isinstance(t, str)]
                patterns.append((prefix, suffix, abs_targets, star))
            patterns.sort(key=lambda p: -len(p[0]))   # longest prefix first (TypeScript's rule)
            out["paths"] = patterns
        return out

    def _references(self, here: str, refs, seen: set) -> list[tuple[dict, tuple[str, ...]]]:
        """(options, the folders its `include` names) of each referenced project that has
        `paths` or `baseUrl`, in the order written."""
        from .workspaces import glob_parts
        out = []
        for ref in refs if isinstance(refs, list) else []:
            target = ref.get("path") if isinstance(ref, dict) else None
            if not isinstance(target, str):
                continue
            path = posixpath.normpath(posixpath.join(here, target))
            if not path.endswith(".json"):
                path = f"{path}/tsconfig.json"
            if not self.index.project.exists(path):
                continue
            options = self._load(path, seen)
            if not options["paths"] and not options["baseUrl"]:
                continue
            data = self.index.project.json(path, jsonc=True)
            include = data.get("include") if isinstance(data, dict) else None
            folders = tuple(posixpath.normpath(posixpath.join(posixpath.dirname(path), *glob_parts(g)[0]))
                            for g in include if isinstance(g, str)) if isinstance(include, list) else ()
            out.append((options, folders))
        return out

    def _extends_path(self, here: str, spec: str) -> str | None:
        if spec.startswith(("./", "../", "/")):
            p = posixpath.normpath(posixpath.join(here, spec))
            return p if p.endswith(".json") else p + ".json" if self.index.project.exists(p + ".json") else p
        name, sub = _split_package(spec)
        folder = self.members(here).get(name)
        if folder is None:
            return None
        target = posixpath.join(folder, sub or "tsconfig.json")
        if not target.endswith(".json"):
            target += ".json"
        return target

    # -- workspace packages ------------------------------------------------------------
    def packages(self) -> dict[str, str]:
        if self._packages is None:
            self._packages = {}
            for f in sorted(self.index.files):
                if not f.endswith("/package.json"):
                    continue
                data = self.index.project.json(f)
                if isinstance(data, dict) and isinstance(data.get("name"), str):
                    self._packages.setdefault(data["name"], posixpath.dirname(f))
        return self._packages

    def _scope(self, folder: str) -> tuple:
        self.members(folder)  # builds the workspaces on first use
        return self._workspaces.scope_of(folder)

    def members(self, importer_folder: str | None) -> dict[str, str]:
        """The packages a file in this folder may import by name: its workspace's members
        (`workspaces.Workspaces`), never another project's package of the same name."""
        if importer_folder is None:
            return self.packages()
        if self._workspaces is None:
            from .workspaces import Workspaces

            self._workspaces = Workspaces(self.index)
        return self._workspaces.packages_for(importer_folder)

    def package(self, spec: str, importer_folder: str | None = None) -> str | None:
        name, sub = _split_package(spec)
        folder = self.members(importer_folder).get(name)
        if folder is None:
            return None
        data = self.index.project.json(f"{folder}/package.json") or {}
        exports = data.get("exports")
        key = "./" + sub if sub else "."
        if exports is not None:
            target = export_target(exports, key)
            if target is not None:
                return self._package_file(folder, target)
        if sub:
            return self.file(f"{folder}/{sub}") or self.file(f"{folder}/src/{sub}")
        for field in ("source", "module", "main", "types", "typings"):
            if isinstance(data.get(field), str):
                hit = self._package_file(folder, data[field])
                if hit is not None:
                    return hit
        return self.file(f"{folder}/src/index") or self.file(f"{folder}/index")

    def _package_file(self, folder: str, target: str) -> str | None:
        path = posixpath.normpath(posixpath.join(folder, target))
        hit = self.file(path)
        if hit is not None:
            return hit
        rel = posixpath.relpath(path, folder)
        for build in BUILD_FOLDERS:
            if rel.startswith(build):
                stem = posixpath.splitext(rel[len(build):])[0]
                if stem.endswith(".d"):
                    stem = stem[:-2]
                # `dist/index.js` built from `src/index.ts`, or `dist/src/db.js` from
                # `src/db.ts` (a build of the package's root folder)
                hit = self.file(f"{folder}/src/{stem}") or self.file(f"{folder}/{stem}")
                if hit is not None:
                    return hit
        return None


def _referenced(config: dict, folder: str) -> dict:
    """Of a solution-style config's referenced projects, the one whose `include` holds
    `folder` (as TypeScript's language service picks it), else the first: its options."""
    refs = config["references"]
    for options, folders in refs:
        if any(folder == f or folder.startswith(f + "/") for f in folders):
            return options
    return refs[0][0] if refs else config


def _join(folder: str, spec: str) -> str:
    """`posixpath.normpath(posixpath.join(folder, spec))` for an absolute, normalised
    `folder` and a relative `spec`, without the general function's work."""
    if not folder.startswith("/") or folder.startswith("//"):
        return posixpath.normpath(posixpath.join(folder, spec))
    parts = [p for p in folder.split("/") if p]
    for seg in spec.split("/"):
        if seg == "..":
            if parts:
                parts.pop()
        elif seg and seg != ".":
            parts.append(seg)
    return "/" + "/".join(parts)


def _splitext(path: str) -> tuple[str, str]:
    """`posixpath.splitext` on a str (leading dots of the name are not an extension)."""
    dot = path.rfind(".")
    name = path.rfind("/") + 1
    if dot > name and path[name:dot].strip("."):
        return path[:dot], path[dot:]
    return path, ""


def _split_package(spec: str) -> tuple[str, str]:
    parts = spec.split("/")
    n = 2 if spec.startswith("@") else 1
    return "/".join(parts[:n]), "/".join(parts[n:])


register_resolver("js", TsResolver)
