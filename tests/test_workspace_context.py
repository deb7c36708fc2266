"""Workspace context (issue 14): which packages an app runs with and which apps a package
runs in, read from manifests (project.workspace); partial runs inside a workspace read
just those packages and the apps' deployment files, and report what the full run reports
for the files given (a finding located in them or with a related location in them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import check_tree, write_tree
from poolcheck.engine import pipeline
from poolcheck.project.partial import package_of_specifier, partial_context
from poolcheck.project.workspace import WorkspaceMap, package_entries, package_subpaths
from poolcheck.rules import implemented_codes

CASE = Path(__file__).parent / "cases" / "typescript" / "workspace-processes"


def _names(ws, folders):
    return sorted(ws.members[f].name for f in folders)


def test_members_come_from_each_kind_of_declaration_with_exclusions(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"name": "top", "workspaces": {"packages": ["apps/*", "packages/**", "!packages/legacy"]}}',
        "apps/web/package.json": '{"name": "web", "dependencies": {"core": "*"}}',
        "packages/core/package.json": '{"name": "core", "devDependencies": {"db": "workspace:*"}}',
        "packages/nested/db/package.json": '{"name": "db", "dependencies": {"@prisma/client": "6"}}',
        "packages/legacy/package.json": '{"name": "legacy", "dependencies": {"db": "*"}}',
        "tools/x/package.json": '{"name": "x", "dependencies": {"db": "*"}}',
        "other/pnpm-workspace.yaml": "packages:\n  - 'libs/*'\n",
        "other/libs/a/package.json": '{"name": "a", "dependencies": {"b": "*"}}',
        "other/libs/b/prisma/schema.prisma": "",
        "other/libs/b/package.json": '{"name": "b"}',
        "third/lerna.json": '{"packages": ["mods/*"]}',
        "third/mods/m/package.json": '{"name": "m"}',
    })
    wsmap = WorkspaceMap()
    ws = wsmap.of(tmp_path / "packages/nested/db")
    assert ws is not None and ws.root == str(tmp_path)
    assert sorted(m.name for m in ws.members.values()) == ["core", "db", "top", "web"]
    db = str(tmp_path / "packages/nested/db")
    # transitive both ways; devDependencies count; the excluded and the undeclared never
    assert _names(ws, ws.dependents(db)) == ["core", "web"]
    assert _names(ws, ws.dependencies(str(tmp_path / "apps/web"))) == ["core", "db"]
    assert ws.members[db].prisma and not ws.members[str(tmp_path / "packages/core")].prisma
    assert wsmap.of(tmp_path / "packages/legacy") is None and wsmap.of(tmp_path / "tools/x") is None
    pnpm = wsmap.of(tmp_path / "other/libs/a")
    assert pnpm.root == str(tmp_path / "other") and pnpm is not ws
    assert pnpm.members[str(tmp_path / "other/libs/b")].prisma   # a schema makes it a database package
    assert sorted(m.name for m in wsmap.of(tmp_path / "third/mods/m").members.values()) == ["m"]


def test_dependency_cycles_end(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"workspaces": ["p/*"]}',
        "p/a/package.json": '{"name": "a", "dependencies": {"b": "*"}}',
        "p/b/package.json": '{"name": "b", "dependencies": {"a": "*", "b": "*"}}',
    })
    ws = WorkspaceMap().of(tmp_path / "p/a")
    assert _names(ws, ws.dependencies(str(tmp_path / "p/a"))) == ["b"]
    assert _names(ws, ws.dependents(str(tmp_path / "p/a"))) == ["b"]


def test_package_entries_and_subpaths_follow_exports(tmp_path):
    write_tree(tmp_path, {
        "a/package.json": '{"exports": {".": {"types": "./dist/index.d.ts", "import": "./src/index.ts"},'
                          ' "./client": "./src/gen.ts", "./utils/*": "./src/utils/*.ts"}}',
        "b/package.json": '{"main": "lib/db.js"}',
        "c/package.json": '{"name": "c"}',
    })
    a = (tmp_path / "a").as_posix()
    assert package_entries(str(tmp_path / "a")) == (f"{a}/src",)
    assert package_subpaths(str(tmp_path / "a")) == (("client", (f"{a}/src/gen",)),
                                                     ("utils/*", (f"{a}/src/utils/*",)))
    assert package_entries(str(tmp_path / "b")) == ((tmp_path / "b/lib/db").as_posix(),)
    assert package_subpaths(str(tmp_path / "b")) is None
    c = (tmp_path / "c").as_posix()
    assert package_entries(str(tmp_path / "c")) == (c, f"{c}/src")


def test_partial_context_reads_database_packages_and_deployment_files_only(tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(CASE, root)
    web = root / "apps/web"
    ctx = partial_context([web], lambda f: f.startswith(str(web)))
    # apps/web runs @acme/core and @acme/prisma: only the one that builds a client is read whole
    assert ctx.packages == [root / "packages/prisma"]
    # ... and the apps that package runs in give their deployment files, nothing else
    assert all(p.name in ("package.json", "vercel.json") for p in ctx.files)
    assert {p.parent.name for p in ctx.files} == {"worker", "billing", "core"}
    # a given transaction's imports: the workspace packages the body may call into
    worker = root / "apps/worker"
    tx = partial_context([worker], lambda f: f.startswith(str(worker)), (),
                         {str(worker): {"@acme/files", "@prisma/client"}})
    assert tx.packages == [root / "packages/files", root / "packages/prisma"]
    db = root / "packages/prisma"
    assert partial_context([db], lambda f: f.startswith(str(db))).packages == []
    # a given file that builds the shared client: the files of the apps that run it which
    # name the package are read (their clients count against it: PC103)
    client = str(db / "src/client.ts")
    naming = partial_context([db], lambda f: f.startswith(str(db)), {str(db): {(client, True)}}).naming
    assert set(naming) == {root / p for p in ("apps/billing", "apps/web", "apps/worker", "packages/core")}
    # for a client module: any import from the package, and any client the app builds
    assert set(naming[root / "apps/worker"]) == {f"{q}@acme/prisma" for q in "'\"`"} | {"new PrismaClient"}
    # for a helper: an import of the package by name, or of the module by its subpath
    files = root / "packages/files"
    helper = partial_context([files], lambda f: f.startswith(str(files)),
                             {str(files): {(str(files / "src/remove.ts"), False)}}).naming
    assert set(helper) == {root / "apps/worker"}
    assert set(helper[root / "apps/worker"]) == {f"{q}@acme/files{q}" for q in "'\"`"} | \
        {f"{q}@acme/files/src/remove" for q in "'\"`"}


def test_what_given_files_import_is_looked_at_only_when_a_folder_is_left_to_read(tmp_path):
    """The given files' imports (every import of every file: a full run's most costly
    question) matter only for folders the run does not read: a run of the whole workspace
    never asks, a run of one package asks once, and both answer as the mappings would."""
    root = tmp_path / "ws"
    shutil.copytree(CASE, root)
    db, worker = root / "packages/prisma", root / "apps/worker"
    client = str(db / "src/client.ts")
    asked: list[str] = []

    def given(name, mapping):
        return lambda: asked.append(name) or mapping

    whole = partial_context([db, worker], lambda f: f.startswith(str(root)),
                            given("dependents", {str(db): {(client, True)}}),
                            given("tx", {str(worker): {"@acme/files"}}))
    assert asked == [] and whole.empty
    one = partial_context([db], lambda f: f.startswith(str(db)), given("dependents", {str(db): {(client, True)}}),
                          given("tx", {}))
    assert sorted(asked) == ["dependents", "tx"]
    assert one.naming == partial_context([db], lambda f: f.startswith(str(db)),
                                         {str(db): {(client, True)}}, {}).naming != {}
    asked.clear()
    tx = partial_context([worker], lambda f: f.startswith(str(worker)), given("dependents", {}),
                         given("tx", {str(worker): {"@acme/files"}}))
    assert "tx" in asked and root / "packages/files" in tx.packages


def test_the_package_a_specifier_names():
    assert package_of_specifier("@acme/db/client") == "@acme/db"
    assert package_of_specifier("@acme/db") == "@acme/db"
    assert package_of_specifier("lodash/fp") == "lodash"
    assert [package_of_specifier(s) for s in ("./x", "@/lib/db", "~/db", "#db", "$lib/db", "")] == [None] * 6


def _partial_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.suffix in (".ts", ".json"))


def test_each_one_file_run_reports_what_the_full_run_reports_for_that_file(tmp_path):
    """The partial-run rule on the workspace case: a one-file run on any of its files gets
    exactly the full run's findings located in the file or related to it (the PC303 of
    packages/prisma on apps/web/vercel.json, its PC102 from apps/web's Next.js dev server;
    the worker's PC103 on the shared client's
    module; the worker's PC201 on the helper package's axios call)."""
    from poolcheck.engine.pipeline import run
    from poolcheck.config import Settings

    root = tmp_path / "ws"
    shutil.copytree(CASE, root)
    settings = Settings(options={})
    settings.select = sorted(implemented_codes())

    def keyed(result):
        out = set()
        for d in result.diagnostics:
            rel = d.path.resolve().relative_to(root.resolve()).as_posix()
            related = tuple(sorted(r.path.resolve().relative_to(root.resolve()).as_posix() for r in d.related))
            out.add((rel, d.span.line, d.code, related))
        return out

    full = keyed(run([root], settings))
    assert {(p, c) for p, _, c, _ in full} == {("packages/prisma/src/client.ts", "PC303"),
                                              ("packages/prisma/src/client.ts", "PC102"),
                                              ("apps/worker/src/jobs/report.ts", "PC103"),
                                              ("apps/worker/src/jobs/cleanup.ts", "PC201")}
    touched = set()
    for rel in _partial_files(root):
        want = {f for f in full if f[0] == rel or rel in f[3]}
        got = keyed(run([root / rel], settings))
        assert got == want, rel
        touched |= got
    assert touched == full   # every finding was reached from some file's run


def _case_with_reads(tmp_path, monkeypatch) -> tuple[Path, list[str]]:
    """A copy of the case, and the list every file the run analyses is added to (paths
    relative to the copy)."""
    root = tmp_path / "ws"
    shutil.copytree(CASE, root)
    read: list[str] = []
    analyse = pipeline.Analyser.analyse

    def spy(self, found):
        read.extend(Path(f.path).resolve().relative_to(root.resolve()).as_posix() for f in found)
        return analyse(self, found)

    monkeypatch.setattr(pipeline.Analyser, "analyse", spy)
    return root, read


def test_a_one_file_run_in_an_app_does_not_read_the_unrelated_apps(tmp_path, monkeypatch):
    root, read = _case_with_reads(tmp_path, monkeypatch)
    found = check_tree(root, paths=[root / "apps/web/app/api/users/route.ts"])
    assert found == []
    assert not any(p.startswith(("apps/admin/", "apps/api/", "packages/core/src")) for p in read), read
    assert "packages/prisma/src/client.ts" in read and "apps/worker/package.json" in read
    assert not any(p.startswith("apps/worker/src") for p in read), read


@pytest.mark.parametrize("given", ["apps/worker/src/jobs/report.ts", "apps/worker"])
def test_the_worker_counts_the_shared_package_client_in_a_partial_run(tmp_path, given):
    root = tmp_path / "ws"
    shutil.copytree(CASE, root)
    found = check_tree(root, select=["PC103"], paths=[root / given])
    assert [(f.path, f.line, f.code) for f in found] == [("apps/worker/src/jobs/report.ts", 4, "PC103")]
    assert "the workspace package `@acme/prisma` (src/client.ts) already constructs one" in found[0].message


def test_a_one_file_run_reads_the_apps_of_a_package_only_for_a_far_end(tmp_path, monkeypatch):
    """A helper package's file that calls a slow library may be the far end of an app's
    PC201: its run reads the apps that depend on the package. A pure module's does not."""
    root, read = _case_with_reads(tmp_path, monkeypatch)
    found = check_tree(root, paths=[root / "packages/files/src/remove.ts"])
    assert [(f.path, f.code) for f in found] == [("apps/worker/src/jobs/cleanup.ts", "PC201")]
    assert "apps/worker/src/jobs/cleanup.ts" in read
    read.clear()
    assert check_tree(root, paths=[root / "packages/files/src/names.ts"]) == []
    # the worker's package.json (its deployment files) only, none of its code
    assert [p for p in read if p.startswith("apps/")] == ["apps/worker/package.json"], read


def test_a_workspace_root_without_a_name_that_builds_a_client(tmp_path):
    """The workspace's declaring folder is no member without a `name` (sourcebot's top
    package.json): a run that covers it builds the map and reads nothing more, and a
    client built there is judged as in any project."""
    write_tree(tmp_path, {
        "package.json": '{"private": true, "workspaces": ["packages/*"], "dependencies": {"@prisma/client": "6"}}',
        "db.ts": "import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient()\n",
        "packages/web/package.json": '{"name": "web"}',
        "packages/web/x.ts": "export const x = 1\n",
    })
    assert check_tree(tmp_path, select=["PC103"]) == []
    assert check_tree(tmp_path, select=["PC103"], paths=[tmp_path / "db.ts"]) == []
    ctx = partial_context([tmp_path], lambda f: False, {str(tmp_path): {(str(tmp_path / "db.ts"), True)}})
    assert ctx.naming == {} and ctx.packages == []
