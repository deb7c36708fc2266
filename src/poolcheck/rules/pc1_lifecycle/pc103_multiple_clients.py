"""PC103 multiple-clients: more than one module constructs its own client for the same
schema, or NestJS provides a PrismaService more than once (or per request)."""

from __future__ import annotations

import os
from pathlib import Path

from ...core.diagnostics import Related, Span
from ...facts import ClientConstruction, NestPrismaService, NestProvider, NestRequestScoped, ScopeKind, Trait
from ...vocabulary.layout import is_project_specifier
from ..context import ProjectRuleContext
from ..helpers.clients import excluded_path, file_role, module_level, short_label
from ..helpers.package_clients import SOURCE_SUFFIXES, process_clients
from ..helpers.scripts import EXPORTS_TRAIT, function_entries, importers_of, standalone_scripts
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
    entries = function_entries(project)
    # A standalone script runs in a process of its own (helpers.scripts): api/verify-user.mjs
    # and api/list-users.mjs, each `node`d on its own, never hold their pools together.
    scripts = standalone_scripts(project)
    firsts: list[tuple[Path, ClientConstruction]] = []
    constructing = {id(f): f for f, _ in project.facts_of(ClientConstruction)}.values()
    for facts in sorted(constructing, key=lambda f: f.path.as_posix()):
        if excluded_path(facts.path) or facts.path.with_suffix("").as_posix() in entries \
                or facts.path in scripts:
            continue
        own = [c for c in facts.of(ClientConstruction)
               if c.kind == "prisma" and module_level(c) and not c.accelerate]
        if own:
            firsts.append((facts.path, own[0]))
    # `lib/db.js` committed beside the `lib/db.ts` it is compiled from: one module, loaded once
    firsts = [(p, c) for p, c in firsts if not _compiled_twin(p, {q for q, _ in firsts})]
    # One client module (the usual case) needs no importer scan of the whole workspace.
    # Every importer counts, the files that never mention Prisma too (a route importing the
    # client module).
    importers = importers_of(project, [p for p, _ in firsts], every_file=True) if len(firsts) > 1 else {}
    # A module that only scripts and tests import runs in scripts and tests (rules.md PC103
    # excludes those): its client is not a second pool of the app.
    # A module that is an app itself (its hooks or handlers: `@app.on_event("startup")`) runs
    # in the app's process whoever imports it (a test doing `from main import app`).
    apps = {f.path for f in constructing if _serves(f)}
    # A variant of an imported client module that nothing imports is never loaded
    # (triforge-cms: config/db.local.js and db.vercel.js beside the config/db.js every
    # controller imports): its client opens no pool.
    by_path = {f.path: f for f in constructing}
    loaded = [p for p, _ in firsts if importers.get(p)]
    firsts = [(p, c) for p, c in firsts
              if p in apps or any(file_role(f) is None for f in importers.get(p, ())) or
              not importers.get(p) and not ((_exports(by_path[p]) or _alone(by_path[p])) and _variant_of(p, loaded))]
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
            imports.update({p: len(v) for p, v in importers_of(project, sorted(own)).items()})
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


_APP_SCOPES = frozenset({ScopeKind.REQUEST, ScopeKind.EDGE_REQUEST, ScopeKind.STARTUP})


def _serves(facts) -> bool:
    """The module registers request handlers or start-up hooks of its own."""
    return any(getattr(getattr(f, "scope", None), "kind", None) in _APP_SCOPES for f in facts.facts)


def _variant_of(path: Path, loaded: list[Path]) -> bool:
    """`config/db.local.js` beside a loaded `config/db.js`, `lib/prisma-old.ts` beside
    `lib/prisma.ts`: the same folder, the loaded module's stem then a variant's suffix."""
    name = path.name
    return any(o.parent == path.parent and o != path and
               name.startswith((o.name.split(".")[0] + ".", o.name.split(".")[0] + "-",
                                o.name.split(".")[0] + "_")) for o in loaded)


def _exports(facts) -> bool:
    """The TS/JS module exports something: a library others would import (the front-end's
    trait), not an entry run on its own."""
    return EXPORTS_TRAIT in facts.traits()


def _compiled_twin(path: Path, paths: set) -> bool:
    """A JavaScript module whose TypeScript source sits beside it (`db.js` and `db.ts`)."""
    return path.suffix in (".js", ".mjs", ".cjs") and \
        any(path.with_suffix(ts) in paths for ts in (".ts", ".tsx", ".mts", ".cts"))


def _alone(facts) -> bool:
    """The module imports none of the project's modules (db.vercel.js: the adapter's
    packages only): run on its own, its process holds its client alone; nothing else loads
    a module no file imports and that exports nothing. TS/JS: a Python module's imports
    are dotted names, which this does not read."""
    return facts.path.suffix in SOURCE_SUFFIXES and not any(is_project_specifier(t.detail) for t in facts.of(Trait) if t.name == "import" and t.detail)


def _nest_services(ctx: ProjectRuleContext):
    """NestJS: a PrismaService provided by several modules gets one instance per module;
    one with `scope: Scope.REQUEST` gets one per request. The TS front-end emits the
    service class (NestPrismaService) and each provider entry (NestProvider,
    NestRequestScoped). A service whose instances all hand their client an adapter over
    one module-level driver pool (`shares_pool`) adds client objects, not pools: several
    providing modules are left alone (audit 21)."""
    project = ctx.project
    declared = [s for _, s in project.facts_of(NestPrismaService)]
    services = {s.class_name for s in declared}
    own_pools = {s.class_name for s in declared if not s.shares_pool}
    wrappers = {s.class_name for s in declared if s.wraps}
    providers: dict[str, list[tuple[Path, Span]]] = {}
    for facts, t in project.facts_of((NestProvider, NestRequestScoped)):
        if t.class_name not in services:
            continue
        if isinstance(t, NestProvider):
            if t.class_name not in own_pools:
                continue
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
                f"`{name}` ({'it builds a PrismaClient' if name in wrappers else 'a PrismaClient'}) is listed "
                f"in the providers of more than one module: "
                f"each module gets its own instance and pool; provide it in one (global) module "
                f"and import that module",
                [Related(places[0][0], places[0][1], "also provided here")])
