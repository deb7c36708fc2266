"""PC103 multiple-clients: more than one module constructs its own client for the same
schema, or NestJS provides a PrismaService more than once (or per request)."""

from __future__ import annotations

import os
from pathlib import Path

from ...core.diagnostics import Related, Span
from ...facts import (ClientConstruction, DeploymentTarget, NestPrismaService, NestProvider, NestRequestScoped,
                      Trait, Workload)
from ..context import ProjectRuleContext
from ..helpers.clients import excluded_path, file_role, module_level, short_label
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC103", "multiple-clients", W, True, "project",
                "More than one module constructs its own client for the same schema",
                "Construct the client in one module and import it everywhere")

# Modules named for the shared client (rules.md PC103), and the folders they usually sit in.
CLIENT_MODULE_NAMES = frozenset({"prisma", "db", "client", "database"})
CLIENT_MODULE_DIRS = frozenset({"lib", "server", "src", "utils"})
_SOURCE_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
# The alias text to strip from a specifier before matching it to a module path (the
# longer forms first); which specifiers are the project's is discovery.PROJECT_IMPORT_PREFIXES.
_ALIAS_PREFIXES = ("@/", "~~/", "~/", "#/", "$lib/", "#", "$")


def _named_for_client(path: Path) -> int:
    """2: `lib/prisma.ts`, `src/server/db.ts`; 1: `prisma.py`, `db.server.ts` elsewhere; 0."""
    stem = path.name.split(".")[0]
    if path.stem == "index":
        stem = path.parent.name
    if stem not in CLIENT_MODULE_NAMES:
        return 0
    return 2 if any(p in CLIENT_MODULE_DIRS for p in path.parts[:-1]) else 1


def _module_key(path: Path) -> str:
    """A module as imports name it: absolute, posix, no source suffix, `x/index` -> `x`."""
    text = os.path.abspath(path).replace(os.sep, "/")
    for suffix in _SOURCE_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text[: -len("/index")] if text.endswith("/index") else text


def _spec_key(spec: str, importer_dir: str) -> tuple[str, bool]:
    """(key, exact): a relative specifier resolved against the importer's folder (absolute),
    or an alias's tail (`@/lib/db` -> `lib/db`) that must end a candidate's key."""
    for suffix in _SOURCE_SUFFIXES:
        if spec.endswith(suffix):
            spec = spec[: -len(suffix)]
            break
    if spec.startswith("."):
        key = os.path.normpath(os.path.join(importer_dir, spec))
        key = key.replace(os.sep, "/")
        return (key[: -len("/index")] if key.endswith("/index") else key), True
    for prefix in _ALIAS_PREFIXES:
        if spec.startswith(prefix):
            spec = spec[len(prefix):]
            break
    return spec.rstrip("/").removesuffix("/index"), False


def _imports_by_file(project) -> list[tuple[object, list[str]]]:
    """(file, its import specifiers) for every file of the workspace that imports
    something, in file order (one pass over the workspace's import traits)."""
    out: list[tuple[object, list[str]]] = []
    for facts, t in project.workspace_facts_of(Trait):
        if t.name != "import" or not t.detail:
            continue
        if out and out[-1][0] is facts:
            out[-1][1].append(t.detail)
        else:
            out.append((facts, [t.detail]))
    return out


def _importers(project, candidates: list[Path]) -> dict[Path, list]:
    """The modules (FileFacts) that import each candidate module: TS/JS by their traits
    "import", the project's own and its workspace neighbours' through a package subpath
    (`@acme/db/replica` for `packages/db/src/replica.ts`, the `exports: {"./*": "./src/*.ts"}`
    shape); Python by the linker's resolution of the project's imports
    (ProjectView.python_importers: `from app.core.db import db`, `from ..core import db`,
    `from app.db import get_client` of a factory beside the client).

    A relative specifier names one key exactly, an alias's tail the end of a key after a
    `/`: both are looked up in tables of the candidates' keys and key tails, so the scan
    costs one look-up per specifier whatever the number of candidates."""
    keys = {c: _module_key(c) for c in candidates}
    exact: dict[str, list[Path]] = {}
    tails: dict[str, list[Path]] = {}
    for c, ckey in keys.items():
        exact.setdefault(ckey, []).append(c)
        for i, ch in enumerate(ckey):
            if ch == "/":
                tails.setdefault(ckey[i + 1:], []).append(c)
    out: dict[Path, list] = {c: [] for c in candidates}
    own = {id(f) for f in project.files}
    for facts, specs in _imports_by_file(project):
        inside = id(facts) in own
        folder = os.path.dirname(os.path.abspath(facts.path)) if inside else ""
        hit = set()
        for spec in specs:
            if inside:
                key, is_exact = _spec_key(spec, folder)
                if not key:
                    continue
                named = (exact if is_exact else tails).get(key, ())
                if not is_exact and len(named) > 1:
                    # `@/lib/prisma` for lib/prisma.ts and src/lib/prisma.ts: the tsconfig decides
                    chosen = project.alias_target(facts.path, spec, named)
                    named = [chosen] if chosen is not None else named
                hit.update(c for c in named if c != facts.path)
            elif not spec.startswith("."):
                hit.update(c for c, ckey in keys.items() if _package_subpath_names(spec, ckey))
        for c in hit:
            out[c].append(facts)
    for c, found in project.python_importers(candidates).items():
        out[c].extend(found)
    return out


def _package_subpath_names(spec: str, module_key: str) -> bool:
    """`@scope/name/sub` (or `name/sub`) names the module at `module_key`: the subpath is
    the end of the module's path and the package's last name is one of its folders."""
    parts = spec.split("/")
    package, sub = (parts[:2], parts[2:]) if spec.startswith("@") else (parts[:1], parts[1:])
    if not sub or len(package) != (2 if spec.startswith("@") else 1):
        return False
    subpath = "/".join(sub)
    folders = module_key.split("/")[:-1]
    return module_key.endswith("/" + subpath) and package[-1] in folders


def _function_entries(project) -> set[str]:
    """Entry modules of serverless functions (serverless.yml `handler:`, SAM `Handler:`,
    the files and `<name>/<name>`/`<name>/index` modules of Netlify's functions directory),
    as posix paths without extension. Each deploys as its own function, so module-level
    clients in two of them never share a process."""
    entries = set()
    for facts, w in project.facts_of(Workload):
        if w.kind == "function" and w.entry:
            entries.add((facts.path.parent / w.entry).as_posix())
    # netlify.toml may sit above this project (a functions folder with its own package.json)
    folders = [facts.path.parent / t.detail for facts, t in project.workspace_facts_of(DeploymentTarget)
               if t.platform == "netlify" and t.detail]
    for folder in folders:
        for f in project.files:
            try:
                rel = f.path.relative_to(folder).with_suffix("")
            except ValueError:
                continue
            if len(rel.parts) == 1 or len(rel.parts) == 2 and rel.name in (rel.parts[0], "index"):
                entries.add(f.path.with_suffix("").as_posix())
    return entries


def _in_project(path: Path, root: Path) -> str:
    """`path` as the message shows it: relative to the project root, so the text does not
    depend on the folder poolcheck ran from."""
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@rule(SPEC)
def multiple_clients(ctx: ProjectRuleContext):
    project = ctx.project
    entries = _function_entries(project)
    firsts: list[tuple[Path, ClientConstruction]] = []
    constructing = {id(f): f for f, _ in project.facts_of(ClientConstruction)}.values()
    for facts in sorted(constructing, key=lambda f: f.path.as_posix()):
        if excluded_path(facts.path) or facts.path.with_suffix("").as_posix() in entries:
            continue
        own = [c for c in facts.of(ClientConstruction)
               if c.kind == "prisma" and module_level(c) and not c.accelerate]
        if own:
            firsts.append((facts.path, own[0]))
    # One client module (the usual case) needs no importer scan of the whole workspace.
    importers = _importers(project, [p for p, _ in firsts]) if len(firsts) > 1 else {}
    # A module that only scripts and tests import runs in scripts and tests (rules.md PC103
    # excludes those): its client is not a second pool of the app.
    firsts = [(p, c) for p, c in firsts
              if not importers.get(p) or any(file_role(f) is None for f in importers[p])]
    imports = {p: len(importers[p]) for p, _ in firsts} if len(firsts) > 1 else {}
    # The process also holds the clients of the workspace packages it imports (an app and
    # `packages/db`): counted with this root's own, reported only here, on this root's own.
    shared = _process_clients(project) if firsts else []
    own = {p for p, _ in firsts}
    for path, c, n, _ in shared:
        firsts.append((path, c))
        imports[path] = n
    if len(firsts) > 1:
        # rules.md PC103: the canonical client is the one most modules import; on a tie the
        # one in a module named for it, then a memoised singleton, then the first by path.
        if any(p not in imports for p in own):
            imports.update({p: len(v) for p, v in _importers(project, sorted(own)).items()})
        firsts.sort(key=lambda pc: (-imports[pc[0]], -_named_for_client(pc[0]), not pc[1].memoised,
                                    pc[0].as_posix()))
        first_path, first = firsts[0]
        where = _in_project(first_path, project.root)
        for path, _, _, package in shared:
            if path == first_path:
                where = f"the workspace package `{package.name}` ({_in_project(first_path, package.root)})"
        reloader = project.hot_reload
        for path, c in firsts[1:]:
            if path not in own:
                continue
            # PC102 on the same construction is dropped (registry.SUPERSEDES): say it here.
            leak = (f"; without a globalThis cache the {reloader} dev server also leaks one "
                    f"more pool per reload" if reloader and not c.memoised else "")
            yield ctx.report(
                path, c.span,
                f"another module-level {short_label(c)}: {where} already constructs "
                f"one, and each client has its own pool counting against max_connections{leak}; "
                f"import the shared client instead",
                [Related(first_path, first.span, "the shared client is constructed here")])
    yield from _nest_services(ctx)


def _process_clients(project) -> list[tuple[Path, ClientConstruction, int, object]]:
    """(path, construction, importers, package) for each module-level client of a
    workspace package this root runs with (ProjectView.runs_with) that this root's own
    application modules (not tests, not scripts) load: they import the package by name,
    and its entry reaches the client's module through the package's relative imports, or
    they import the client's module by a subpath (`@acme/db/client`)."""
    out = []
    own = [(facts, _specifiers(facts)) for facts in project.files if file_role(facts) is None]
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
        reached = _reached_from(package.files, package.entries)
        for path, c in clients:
            key = _module_key(path)
            n = sum(1 for _, specs in own if any(_loads(spec, key, package, reached) for spec in specs))
            if n:
                out.append((path, c, n, package))
    return out


def _loads(spec: str, key: str, package, reached: set[str]) -> bool:
    """Whether importing `spec` loads the package's module `key`: the package's name (its
    entry reaches the module), or a subpath: through the package's `exports` when it has
    them (`./client` may name another file than `src/client.ts`), else by its path."""
    if spec == package.name:
        return key in reached
    if not spec.startswith(package.name + "/"):
        return False
    sub = spec[len(package.name) + 1:]
    if package.subpaths is None:
        return _package_subpath_names(spec, key)
    for pattern, targets in package.subpaths:
        head, star, tail = pattern.partition("*")
        if not star and sub == pattern:
            return key in _reached_from(package.files, targets)
        if star and sub.startswith(head) and sub.endswith(tail) and len(sub) >= len(head) + len(tail):
            middle = sub[len(head):len(sub) - len(tail)]
            return key in _reached_from(package.files, tuple(t.replace("*", middle) for t in targets))
    return False


def _specifiers(facts) -> list[str]:
    """The specifiers a module loads at run time: its symbols' imports (not `import type`)
    and re-export sources, else the byte scan's (FileFacts.import_specs)."""
    symbols = facts.symbols
    if symbols is None:
        return list(facts.import_specs or ())
    return [i.specifier for i in symbols.imports if i.how != "type"] + \
        [e.source for e in symbols.exports if e.source is not None]


def _reached_from(files, entries: tuple[str, ...]) -> set[str]:
    """The module keys of a package's files that its entry modules load, through relative
    imports and re-exports within the package."""
    by_key = {_module_key(f.path): f for f in files}
    seen = {e for e in entries if e in by_key}
    work = list(seen)
    while work:
        facts = by_key[work.pop()]
        folder = os.path.dirname(os.path.abspath(facts.path))
        for spec in _specifiers(facts):
            if not spec.startswith("."):
                continue
            key, _ = _spec_key(spec, folder)
            if key in by_key and key not in seen:
                seen.add(key)
                work.append(key)
    return seen


def _nest_services(ctx: ProjectRuleContext):
    """NestJS: a PrismaService provided by several modules gets one instance per module;
    one with `scope: Scope.REQUEST` gets one per request. The TS front-end emits the
    service class (NestPrismaService) and each provider entry (NestProvider,
    NestRequestScoped)."""
    project = ctx.project
    services = {s.class_name for _, s in project.facts_of(NestPrismaService)}
    providers: dict[str, list[tuple[Path, Span]]] = {}
    for facts, t in project.facts_of((NestProvider, NestRequestScoped)):
        if t.class_name not in services:
            continue
        if isinstance(t, NestProvider):
            providers.setdefault(t.class_name, []).append((facts.path, t.span))
        else:
            yield ctx.report(
                facts.path, t.span,
                f"`{t.class_name}` extends PrismaClient and is request-scoped: NestJS constructs "
                f"a new client, with its own pool, for every request; use the default "
                f"singleton scope")
    for name, places in sorted(providers.items()):
        # the module named for the client (`prisma/prisma.module.ts`, `database.module.ts`)
        # is where it belongs: the others are reported; on a tie, the first by path
        places.sort(key=lambda p: (-_named_for_client(p[0]), p[0].as_posix(), p[1]))
        for path, span in places[1:]:
            yield ctx.report(
                path, span,
                f"`{name}` (a PrismaClient) is listed in the providers of more than one module: "
                f"each module gets its own instance and pool; provide it in one (global) module "
                f"and import that module",
                [Related(places[0][0], places[0][1], "also provided here")])
