"""Workspace members (issue 14): a bare specifier resolves only to a package of the
importer's own workspace (package.json `workspaces`, pnpm-workspace.yaml, lerna.json), so
two unrelated projects in one run are never linked together."""

from __future__ import annotations

from conftest import check_tree, write_tree

from poolcheck.linker import ModuleIndex
from poolcheck.linker.resolve_ts import TsResolver
from poolcheck.linker.workspaces import Workspaces, _pattern
from poolcheck.symbols import Import

FACTORY = """
    import { PrismaClient } from "@prisma/client";
    export const getDb = () => new PrismaClient();
"""
ROUTE = """
    import { getDb } from "@repo/db";
    export async function GET() {
      return Response.json(await getDb().user.findMany());
    }
"""
START_UP = """
    import { getDb } from "@repo/db";
    export const db = getDb();
"""


def _mono(name: str, manifest: dict[str, str], db: str, app: str) -> dict[str, str]:
    return {
        **{f"{name}/{k}": v for k, v in manifest.items()},
        f"{name}/packages/db/package.json": '{"name": "@repo/db", "main": "src/index.ts", "dependencies": {"@prisma/client": "5.0.0"}}',
        f"{name}/packages/db/src/index.ts": db,
        f"{name}/apps/web/package.json": '{"name": "web", "dependencies": {"@repo/db": "workspace:*", "next": "14.0.0"}}',
        f"{name}/apps/web/app/api/u/route.ts": app,
    }


def test_two_unrelated_monorepos_with_the_same_package_name_are_not_linked(tmp_path):
    # a-shop's factory is only called at start-up; b-blog's handler calls *its own* @repo/db
    write_tree(tmp_path, {
        **_mono("a-shop", {"package.json": '{"name": "a", "private": true, "workspaces": ["apps/*", "packages/*"]}'},
                FACTORY, START_UP.replace("export const db", "export const shared")),
        **_mono("b-blog", {"package.json": '{"name": "b", "private": true}',
                           "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n  - 'packages/*'\n"},
                """
                    import { PrismaClient } from "@prisma/client";
                    const db = new PrismaClient();
                    export const getDb = () => db;
                """, ROUTE)})
    assert check_tree(tmp_path, select=["PC101"]) == []
    # within one workspace (pnpm's), the same handler does reach the factory
    (tmp_path / "b-blog/packages/db/src/index.ts").write_text(
        'import { PrismaClient } from "@prisma/client";\nexport const getDb = () => new PrismaClient();\n')
    found = check_tree(tmp_path, select=["PC101"])
    assert [(f.path, f.line, f.code) for f in found] == [("b-blog/packages/db/src/index.ts", 2, "PC101")]


def test_a_package_outside_the_workspace_globs_is_not_a_member(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"name": "m", "private": true, "workspaces": {"packages": ["apps/*", "packages/*", "!packages/legacy"]}}',
        "packages/db/package.json": '{"name": "@repo/db", "main": "index.ts"}',
        "packages/db/index.ts": FACTORY,
        "packages/legacy/package.json": '{"name": "@repo/legacy", "main": "index.ts"}',
        "packages/legacy/index.ts": FACTORY,
        "tools/gen/package.json": '{"name": "@repo/gen", "main": "index.ts"}',
        "tools/gen/index.ts": FACTORY,
        "apps/web/package.json": '{"name": "web"}',
        "apps/web/x.ts": "",
        "standalone/package.json": '{"name": "standalone"}',
        "standalone/y.ts": "",
    })
    files = [str(p) for p in tmp_path.rglob("*") if p.is_file()]
    r = TsResolver(ModuleIndex(files))
    web = str(tmp_path / "apps/web/x.ts")
    assert r.resolve(web, Import("getDb", "@repo/db", "getDb")) == str(tmp_path / "packages/db/index.ts")
    assert r.resolve(web, Import("getDb", "@repo/legacy", "getDb")) is None   # excluded by `!`
    assert r.resolve(web, Import("getDb", "@repo/gen", "getDb")) is None      # not in the globs
    # a project in no workspace reaches no other package by name
    assert r.resolve(str(tmp_path / "standalone/y.ts"), Import("getDb", "@repo/db", "getDb")) is None


def test_workspace_globs():
    assert _pattern("packages/*").fullmatch("packages/db")
    assert not _pattern("packages/*").fullmatch("packages/db/sub")
    assert _pattern("apps/**").fullmatch("apps/web/next")
    assert _pattern("./tools/x/").fullmatch("tools/x")
    assert _pattern("**/pkg").fullmatch("pkg") and _pattern("**/pkg").fullmatch("a/b/pkg")
    assert Workspaces  # the class the resolver builds per link
