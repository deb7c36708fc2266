"""Which modules import a module, which files a platform deploys as functions, and which
files are standalone scripts: a file shaped like one (the front-end's Trait
"standalone-script") that no module imports and no platform names as a function runs
only as `node file.js`, in a process of its own (handlers.md "Script scope"). Project
rules treat it as a script (engine.pipeline: the file's role), like a file under scripts/."""

from __future__ import annotations

import os
from pathlib import Path

from ...facts import CLIENT_MODULE_EXPORTS, STANDALONE_SCRIPT, DeploymentTarget, Trait, Workload
from ...vocabulary.layout import is_project_specifier
from .clients import file_role
from .package_clients import module_key, package_subpath_names, spec_key, specifiers

STANDALONE_TRAIT = STANDALONE_SCRIPT
EXPORTS_TRAIT = CLIENT_MODULE_EXPORTS   # a TS/JS file that builds a client and exports


def standalone_scripts(project) -> frozenset[Path]:
    """The project's files that are standalone scripts (the module docstring); worked out
    once per context (the pipeline, the file roles of project findings and PC103 ask)."""
    key = (STANDALONE_TRAIT, len(project.files), len(project.workspace))   # once filled (`_pairs`)
    found = project._own.get(key)
    if found is None:
        found = project._own[key] = _standalone_scripts(project)
    return found


def _standalone_scripts(project) -> frozenset[Path]:
    candidates = [f.path for f, t in project.facts_of(Trait) if t.name == STANDALONE_TRAIT]
    if not candidates:
        return frozenset()
    entries = function_entries(project)
    # every importer counts, the files that never mention Prisma included (a route importing
    # a main-guarded job's export), except tests and scripts: they load the file into a
    # process of their own (a test of `planBackfill` beside its `main()`)
    importers = importers_of(project, candidates, every_file=True)
    return frozenset(p for p in candidates
                     if not any(file_role(f) is None for f in importers.get(p, ()))
                     and p.with_suffix("").as_posix() not in entries)


def _imports_by_file(project, every_file: bool = False) -> list[tuple[object, str, list[tuple]]]:
    """(file, its folder, its import specifiers each with its `spec_key`) for every file
    of the workspace that imports something, in file order (one pass over the workspace's
    import traits); with `every_file`, also the files without such traits (never parsed
    for them: they do not mention Prisma), by their symbols or the byte scan's specifiers.
    The workspace is the same for every context of a run: computed once (`shared`)."""
    files = project.workspace or project.files
    key = ("imports-by-file", every_file, id(files), len(files))
    memo = project.shared if project.workspace else project._own
    found = memo.get(key)
    if found is None:
        found = memo[key] = [(facts, folder, [(spec, *spec_key(spec, folder)) for spec in specs])
                             for facts, specs in _specifiers_by_file(project, every_file)
                             for folder in [os.path.dirname(os.path.abspath(facts.path))]]
    return found


def _specifiers_by_file(project, every_file: bool) -> list[tuple[object, list[str]]]:
    out: list[tuple[object, list[str]]] = []
    for facts, t in project.workspace_facts_of(Trait):
        if t.name != "import" or not t.detail:
            continue
        if out and out[-1][0] is facts:
            out[-1][1].append(t.detail)
        else:
            out.append((facts, [t.detail]))
    if every_file:
        traced = {id(f) for f, _ in out}
        out += [(f, specs) for f in project.workspace if id(f) not in traced
                for specs in [[s for s in specifiers(f) if is_project_specifier(s)]] if specs]
    return out


def importers_of(project, candidates: list[Path], every_file: bool = False) -> dict[Path, list]:
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
    for facts, _, specs in _imports_by_file(project, every_file):
        inside = id(facts) in own
        hit = set()
        for spec, key, is_exact in specs:
            if inside:
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


def function_entries(project) -> set[str]:
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
