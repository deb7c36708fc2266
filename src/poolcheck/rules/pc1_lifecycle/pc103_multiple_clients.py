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
from ..helpers.package_clients import module_key, package_subpath_names, process_clients, spec_key
from ..spec import W, RuleSpec, rule

SPEC = RuleSpec("PC103", "multiple-clients", W, True, "project",
                "More than one module constructs its own client for the same schema",
                "Construct the client in one module and import it everywhere")

# Modules named for the shared client (rules.md PC103), and the folders they usually sit in.
CLIENT_MODULE_NAMES = frozenset({"prisma", "db", "client", "database"})
CLIENT_MODULE_DIRS = frozenset({"lib", "server", "src", "utils"})


def _named_for_client(path: Path) -> int:
    """2: `lib/prisma.ts`, `src/server/db.ts`; 1: `prisma.py`, `db.server.ts` elsewhere; 0."""
    stem = path.name.split(".")[0]
    if path.stem == "index":
        stem = path.parent.name
    if stem not in CLIENT_MODULE_NAMES:
        return 0
    return 2 if any(p in CLIENT_MODULE_DIRS for p in path.parts[:-1]) else 1


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
    keys = {c: module_key(c) for c in candidates}
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
                key, is_exact = spec_key(spec, folder)
                if not key:
                    continue
                named = (exact if is_exact else tails).get(key, ())
                if not is_exact and len(named) > 1:
                    # `@/lib/prisma` for lib/prisma.ts and src/lib/prisma.ts: the tsconfig decides
                    chosen = project.alias_target(facts.path, spec, named)
                    named = [chosen] if chosen is not None else named
                hit.update(c for c in named if c != facts.path)
            elif not spec.startswith("."):
                hit.update(c for c, ckey in keys.items() if package_subpath_names(spec, ckey))
        for c in hit:
            out[c].append(facts)
    for c, found in project.python_importers(candidates).items():
        out[c].extend(found)
    return out


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
    shared = process_clients(project) if firsts else []
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
