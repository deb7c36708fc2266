"""The module-level clients of the workspace packages a root runs with that the root's own
application modules load (PC103 counts them against the root's clients; PC102 judges a
package's client by the apps whose dev servers load it), and the module keys imports
are matched by."""

from __future__ import annotations

import os
from pathlib import Path

from ...facts import ClientConstruction
from .clients import excluded_path, file_role, module_level

SOURCE_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
# The alias text to strip from a specifier before matching it to a module path (the
# longer forms first); which specifiers are the project's is discovery.PROJECT_IMPORT_PREFIXES.
ALIAS_PREFIXES = ("@/", "~~/", "~/", "#/", "$lib/", "#", "$")


def module_key(path: Path) -> str:
    """A module as imports name it: absolute, posix, no source suffix, `x/index` -> `x`."""
    text = os.path.abspath(path).replace(os.sep, "/")
    for suffix in SOURCE_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text[: -len("/index")] if text.endswith("/index") else text


def spec_key(spec: str, importer_dir: str) -> tuple[str, bool]:
    """(key, exact): a relative specifier resolved against the importer's folder (absolute),
    or an alias's tail (`@/lib/db` -> `lib/db`) that must end a candidate's key."""
    for suffix in SOURCE_SUFFIXES:
        if spec.endswith(suffix):
            spec = spec[: -len(suffix)]
            break
    if spec.startswith("."):
        key = os.path.normpath(os.path.join(importer_dir, spec))
        key = key.replace(os.sep, "/")
        return (key[: -len("/index")] if key.endswith("/index") else key), True
    for prefix in ALIAS_PREFIXES:
        if spec.startswith(prefix):
            spec = spec[len(prefix):]
            break
    return spec.rstrip("/").removesuffix("/index"), False


def package_subpath_names(spec: str, module_key: str) -> bool:
    """`@scope/name/sub` (or `name/sub`) names the module at `module_key`: the subpath is
    the end of the module's path and the package's last name is one of its folders."""
    parts = spec.split("/")
    package, sub = (parts[:2], parts[2:]) if spec.startswith("@") else (parts[:1], parts[1:])
    if not sub or len(package) != (2 if spec.startswith("@") else 1):
        return False
    subpath = "/".join(sub)
    folders = module_key.split("/")[:-1]
    return module_key.endswith("/" + subpath) and package[-1] in folders


def process_clients(project) -> list[tuple[Path, ClientConstruction, int, object]]:
    """(path, construction, importers, package) for each module-level client of a
    workspace package this root runs with (ProjectView.runs_with) that this root's own
    application modules (not tests, not scripts) load: they import the package by name,
    and its entry reaches the client's module through the package's relative imports, or
    they import the client's module by a subpath (`@acme/db/client`)."""
    out = []
    own = [(facts, specifiers(facts)) for facts in project.files if file_role(facts) is None]
    for package in project.runs_with:
        clients = []
        for facts in package.files:
            if excluded_path(facts.path) or file_role(facts) is not None:
                continue
            made = [c for c in facts.of(ClientConstruction)
                    if c.kind == "prisma" and module_level(c) and not c.accelerate]
            if made:
                clients.append((facts.path, made[0]))
        if not clients:
            continue
        reached = reached_from(package.files, package.entries)
        for path, c in clients:
            key = module_key(path)
            n = sum(1 for _, specs in own if any(loads(spec, key, package, reached) for spec in specs))
            if n:
                out.append((path, c, n, package))
    return out


def loads(spec: str, key: str, package, reached: set[str]) -> bool:
    """Whether importing `spec` loads the package's module `key`: the package's name (its
    entry reaches the module), or a subpath: through the package's `exports` when it has
    them (`./client` may name another file than `src/client.ts`), else by its path."""
    if spec == package.name:
        return key in reached
    if not spec.startswith(package.name + "/"):
        return False
    sub = spec[len(package.name) + 1:]
    if package.subpaths is None:
        return package_subpath_names(spec, key)
    for pattern, targets in package.subpaths:
        head, star, tail = pattern.partition("*")
        if not star and sub == pattern:
            return key in reached_from(package.files, targets)
        if star and sub.startswith(head) and sub.endswith(tail) and len(sub) >= len(head) + len(tail):
            middle = sub[len(head):len(sub) - len(tail)]
            return key in reached_from(package.files, tuple(t.replace("*", middle) for t in targets))
    return False


def specifiers(facts) -> list[str]:
    """The specifiers a module loads at run time: its symbols' imports (not `import type`)
    and re-export sources, else the byte scan's (FileFacts.import_specs)."""
    symbols = facts.symbols
    if symbols is None:
        return list(facts.import_specs or ())
    return [i.specifier for i in symbols.imports if i.how != "type"] + \
        [e.source for e in symbols.exports if e.source is not None]


def reached_from(files, entries: tuple[str, ...]) -> set[str]:
    """The module keys of a package's files that its entry modules load, through relative
    imports and re-exports within the package."""
    by_key = {module_key(f.path): f for f in files}
    seen = {e for e in entries if e in by_key}
    work = list(seen)
    while work:
        facts = by_key[work.pop()]
        folder = os.path.dirname(os.path.abspath(facts.path))
        for spec in specifiers(facts):
            if not spec.startswith("."):
                continue
            key, _ = spec_key(spec, folder)
            if key in by_key and key not in seen:
                seen.add(key)
                work.append(key)
    return seen
