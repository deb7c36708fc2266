"""TS/JS module resolution on synthetic module indexes (no disk): the linker resolves
only to discovered files and reads only the project files it is handed."""

from __future__ import annotations

import json

from poolcheck.linker.modules import ModuleIndex, ProjectFiles
from poolcheck.linker.resolve_ts import TsResolver
from poolcheck.symbols import Import


def resolver(files: list[str], project: dict[str, object] | None = None) -> TsResolver:
    project = {k: (v if isinstance(v, str) else json.dumps(v)).encode() for k, v in (project or {}).items()}
    reader = ProjectFiles(lambda p: project.get(p))
    return TsResolver(ModuleIndex([*files, *project], reader))


def go(r: TsResolver, importer: str, spec: str) -> str | None:
    return r.resolve(importer, Import(local="x", specifier=spec, imported="x"))


def test_relative_paths_extensions_index_and_the_esm_js_to_ts_convention():
    r = resolver(["/p/src/a.ts", "/p/src/lib/index.tsx", "/p/src/util.ts", "/p/src/old.mjs"])
    assert go(r, "/p/src/a.ts", "./util") == "/p/src/util.ts"
    assert go(r, "/p/src/a.ts", "./util.js") == "/p/src/util.ts"
    assert go(r, "/p/src/a.ts", "./lib") == "/p/src/lib/index.tsx"
    assert go(r, "/p/src/lib/index.tsx", "../old.mjs") == "/p/src/old.mjs"
    assert go(r, "/p/src/a.ts", "./missing") is None
    assert go(r, "/p/src/a.ts", "react") is None


def test_tsconfig_paths_with_an_extends_chain_list_extends_and_comments():
    files = ["/p/apps/web/src/lib/db.ts", "/p/apps/web/src/app/page.tsx", "/p/shared/x.ts"]
    project = {
        "/p/tsconfig.base.json": '{ // base\n "compilerOptions": {"paths": {"#shared/*": ["./shared/*"],}}}',
        "/p/apps/web/tsconfig.json": {"extends": ["../../tsconfig.base", "./tsconfig.paths.json"]},
        "/p/apps/web/tsconfig.paths.json": {"compilerOptions": {"baseUrl": "./src", "paths": {"@/*": ["./*"]}}},
    }
    r = resolver(files, project)
    page = "/p/apps/web/src/app/page.tsx"
    assert go(r, page, "@/lib/db") == "/p/apps/web/src/lib/db.ts"
    assert go(r, page, "lib/db") == "/p/apps/web/src/lib/db.ts"   # baseUrl alone


def test_paths_without_baseurl_resolve_against_the_config_and_longest_prefix_wins():
    files = ["/p/src/server/db.ts", "/p/src/db.ts"]
    project = {"/p/tsconfig.json": {"compilerOptions": {"paths": {"~/*": ["./src/*"], "~/server/*": ["./src/server/*"],
                                                                   "db": ["./src/db.ts"]}}}}
    r = resolver(files, project)
    assert go(r, "/p/src/x.ts", "~/server/db") == "/p/src/server/db.ts"
    assert go(r, "/p/src/x.ts", "db") == "/p/src/db.ts"
    assert go(r, "/p/src/x.ts", "dbx") is None


def test_workspace_packages_exports_conditions_patterns_and_dist_to_src_twins():
    files = ["/m/packages/db/src/index.ts", "/m/packages/db/src/edge.ts", "/m/packages/ui/lib/button.tsx",
             "/m/packages/plain/index.js", "/m/apps/web/app.ts"]
    project = {
        "/m/packages/db/package.json": {"name": "@repo/db", "exports": {
            ".": {"types": "./dist/index.d.ts", "import": "./dist/index.mjs"}, "./edge": "./dist/edge.js"}},
        "/m/packages/ui/package.json": {"name": "@repo/ui", "exports": {"./*": "./lib/*.tsx"}},
        "/m/packages/plain/package.json": {"name": "plain", "main": "index.js"},
        "/m/package.json": {"name": "mono", "workspaces": ["apps/*", "packages/*"]},
    }
    r = resolver(files, project)
    app = "/m/apps/web/app.ts"
    assert go(r, app, "@repo/db") == "/m/packages/db/src/index.ts"
    assert go(r, app, "@repo/db/edge") == "/m/packages/db/src/edge.ts"
    assert go(r, app, "@repo/ui/button") == "/m/packages/ui/lib/button.tsx"
    assert go(r, app, "plain") == "/m/packages/plain/index.js"
    assert go(r, app, "@repo/other") is None


def test_an_export_built_from_the_package_root_maps_to_its_source_twin():
    # langfuse's `@langfuse/shared/src/db` -> `./dist/src/db.js`, built from `src/db.ts`
    files = ["/m/packages/shared/src/db.ts", "/m/packages/shared/src/index.ts", "/m/web/app.ts"]
    project = {
        "/m/packages/shared/package.json": {"name": "@m/shared", "exports": {
            ".": {"import": "./dist/src/index.js"}, "./src/db": {"import": "./dist/src/db.js"},
            "./src/gone": {"import": "./dist/src/gone.js"}}},
        "/m/package.json": {"name": "mono", "workspaces": ["web", "packages/*"]},
    }
    r = resolver(files, project)
    assert go(r, "/m/web/app.ts", "@m/shared/src/db") == "/m/packages/shared/src/db.ts"
    assert go(r, "/m/web/app.ts", "@m/shared") == "/m/packages/shared/src/index.ts"
    assert go(r, "/m/web/app.ts", "@m/shared/src/gone") is None


def test_a_file_discovery_skipped_never_resolves():
    r = resolver(["/p/src/a.ts"], {"/p/tsconfig.json": {"compilerOptions": {"paths": {"@/*": ["./node_modules/x/*"]}}}})
    assert go(r, "/p/src/a.ts", "@/y") is None
